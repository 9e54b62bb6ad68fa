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

    /// <summary>Gets or sets how long a dequeued activity stays invisible to other workers (Azure Storage).</summary>
    public TimeSpan WorkItemLockTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
