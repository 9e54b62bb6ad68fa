namespace TaskFunctions.Client;

/// <summary>What a start request led to.</summary>
public enum StartOutcome
{
    /// <summary>A new execution was scheduled.</summary>
    Accepted,

    /// <summary>The idempotency key had already started an execution; that one is returned.</summary>
    Existing,

    /// <summary>The task's concurrency limit is reached; nothing was started.</summary>
    Conflict,

    /// <summary>The params do not fit the type the task declares; nothing was started.</summary>
    Invalid,
}
