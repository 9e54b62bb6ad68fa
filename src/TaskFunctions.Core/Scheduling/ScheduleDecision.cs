namespace TaskFunctions.Scheduling;

/// <summary>What the scheduler did with one occurrence of a schedule.</summary>
public enum ScheduleDecision
{
    /// <summary>It started a new execution.</summary>
    Started,

    /// <summary>The occurrence's execution had been started already (by another host, or before a restart).</summary>
    AlreadyStarted,

    /// <summary>
    /// The task's concurrency limit was full (for a one-at-a-time task: one of its executions ran or waited), so the
    /// occurrence was skipped: a schedule never queues.
    /// </summary>
    Skipped,

    /// <summary>The start was refused at the task's concurrency limit (a start from elsewhere came first); the occurrence is skipped.</summary>
    Refused,

    /// <summary>The start failed (the task store was unavailable, say); the next tick tries the occurrence again.</summary>
    Failed,

    /// <summary>
    /// The schedule's params do not fit the task's params type (the hosts check them when they start, so only a
    /// schedule built in code can get here); the occurrence is skipped.
    /// </summary>
    InvalidParams,
}
