namespace TaskFunctions.Client;

/// <summary>
/// How the client side starts, reads and cancels executions. Every timing and paging knob of the client side is
/// here, with its default; hosts bind it from configuration section <see cref="Section"/>. (The worker side's
/// are in <c>WorkerOptions</c>.)
/// </summary>
public sealed class TaskExecutionClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "TaskFunctions:Client";

    /// <summary>
    /// Gets or sets how long one storage call of the client may take (default 4 s, so that an API call answers within 5 s). A call that takes longer, or
    /// that fails in the transport, ends the operation with <see cref="TaskStoreUnavailableException"/> (503 over
    /// HTTP) instead of hanging while storage is unreachable or frozen.
    /// </summary>
    public TimeSpan StoreCallTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Gets or sets how long a start that found a task's slot held by an execution that has ended waits for the
    /// slot to take the release before it answers with a conflict (default 10 s).
    /// </summary>
    public TimeSpan SlotReleaseWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how old a slot whose execution does not exist must be before a start treats it as abandoned
    /// (a start that took the slot and died before creating its execution; default 30 s).
    /// </summary>
    public TimeSpan SlotStartGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a cancel waits for the engine to report each execution terminated before it returns
    /// (default 10 s); the execution reads cancelled once the engine applies the termination either way.
    /// </summary>
    public TimeSpan CancelConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how often a cancel, or a start waiting on a slot, reads the instance it waits for (default 50 ms).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gets or sets how many storage pages one list request reads at most while it skips rows that are not
    /// executions or do not match (default 10); then it answers with what it found and a continuation token.
    /// </summary>
    public int MaxPagesPerList { get; set; } = 10;

    /// <summary>
    /// Gets or sets how often a host reads an execution that clients watch (the events route; default 1 s). One reader
    /// per execution serves every watch of it on the host, so a host reads a watched execution once per interval
    /// however many clients watch it: one client costs what polling the status route once a second costs.
    /// </summary>
    public TimeSpan EventsPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how many instances one list or cancel request reads or terminates in parallel (default 16).</summary>
    public int MaxParallelCalls { get; set; } = 16;
}
