namespace TaskFunctions.Worker;

/// <summary>
/// How a host runs attempts and talks to their orchestrations. Every timing of the worker side is here, with
/// its default; hosts bind it from configuration section <see cref="Section"/>.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "TaskFunctions:Worker";

    /// <summary>
    /// Gets or sets how long a written log entry waits, at most, before it is sent to its orchestration with the
    /// entries written meanwhile (default 250 ms), while the host's budget allows. An attempt that ends sooner
    /// sends none: its result carries the entries.
    /// </summary>
    public TimeSpan LiveLogInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets the most live log batches the host sends per second, all running attempts together
    /// (default 10). Each batch costs its orchestration an episode (about ten storage requests on Azure Storage);
    /// beyond the budget, batches grow instead.
    /// </summary>
    public int MaxLiveLogBatchesPerSecond { get; set; } = 10;

    /// <summary>
    /// Gets or sets how often the host reads the status of the executions it runs, to learn that one was
    /// cancelled on another host (default 250 ms). A cancel made on the same host reaches its attempt at once.
    /// </summary>
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets the most instance reads one cancellation poll makes (default 4); with more executions
    /// running, each is read in turn, so the storage load does not grow with the number of running attempts (a
    /// cancel made on another host then takes longer to reach them: with 40 running, up to about 2.5 s).
    /// </summary>
    public int MaxStatusReadsPerPoll { get; set; } = 4;

    /// <summary>
    /// Gets or sets how long a handler whose token fired (deadline or cancel) may take to return before the
    /// attempt goes on without it (default 500 ms). Its later entries are still added to the log.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets how long the error middleware may run (default 10 s); it runs after the deadline may have
    /// passed, and the execution reads failed only once it is done.
    /// </summary>
    public TimeSpan ErrorStageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how long the attempts running on a stopping host may take to finish (default 3 s); the others
    /// are handed back and run again at once on whichever host takes them.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets or sets whether each entry an attempt stores also goes to the host's log (default <see langword="true"/>),
    /// under category <c>TaskFunctions.Execution</c> at the entry's level, with the execution id, task name and attempt
    /// in its scope, after redaction. Which levels are kept is the host's logging configuration.
    /// </summary>
    public bool LogEntriesToHost { get; set; } = true;
}
