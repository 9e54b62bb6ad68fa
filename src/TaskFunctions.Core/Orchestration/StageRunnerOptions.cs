namespace TaskFunctions.Orchestration;

/// <summary>How a running stage talks to its orchestration.</summary>
public sealed class StageRunnerOptions
{
    /// <summary>
    /// Gets or sets how long a written log entry waits, at most, before it is sent to the orchestration with the
    /// entries written meanwhile (default 250 ms). Each batch costs the orchestration one episode.
    /// </summary>
    public TimeSpan LiveLogInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets how often a running stage reads its orchestration's status to learn that the execution was
    /// cancelled (default 250 ms); the handler's token fires once the instance is no longer running.
    /// </summary>
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
