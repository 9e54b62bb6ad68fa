namespace TaskFunctions.Samples;

/// <summary>The <c>params</c> of the sample sync tasks.</summary>
public sealed class SimulatedSyncParams
{
    /// <summary>Gets or sets how long the whole sync takes, in milliseconds (default 2000).</summary>
    public int DurationMs { get; set; } = 2000;

    /// <summary>Gets or sets into how many steps the work is split (default 4); each step logs one line.</summary>
    public int Steps { get; set; } = 4;

    /// <summary>Gets or sets a value indicating whether the handler throws after its first step, in every attempt.</summary>
    public bool Fail { get; set; }

    /// <summary>Gets or sets how many attempts throw after their first step (for trying retries); 0 for none.</summary>
    public int FailAttempts { get; set; }
}
