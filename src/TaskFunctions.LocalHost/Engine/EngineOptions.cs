namespace TaskFunctions.LocalHost.Engine;

/// <summary>Settings of the local host's Durable Task engine (configuration section <c>Engine</c>).</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Engine";

    /// <summary>Gets or sets the backend (default Azure Storage).</summary>
    public EngineBackend Backend { get; set; } = EngineBackend.AzureStorage;

    /// <summary>Gets or sets the storage connection string (default: Azurite on its standard ports).</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Gets or sets the task hub name: letters and digits only, 3–45 characters.</summary>
    public string TaskHub { get; set; } = "TaskFunctions";

    /// <summary>Gets or sets how many orchestration and activity work items run at once.</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>Gets or sets the longest wait between polls of idle storage queues.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Gets or sets how long a dequeued activity stays invisible to other workers (Azure Storage; default 15 s).
    /// The lock is renewed every third of it while the activity runs, so this bounds how long an attempt stays
    /// stalled after its host crashed: another host (or this one, restarted) runs it again after at most this long.
    /// </summary>
    public TimeSpan WorkItemLockTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets how long a dequeued orchestration message stays invisible (Azure Storage; default 30 s). A crash
    /// leaves the messages its host had dequeued hidden this long; an episode must take less.
    /// </summary>
    public TimeSpan ControlQueueLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a host owns a partition of the task hub without renewing it (Azure Storage; default
    /// 15 s, renewed every third). After a crash, the partitions of the dead host are taken over after this long.
    /// </summary>
    public TimeSpan PartitionLeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
