namespace TaskFunctions.Samples;

/// <summary>Sample task <c>feishu-sync</c>: simulates syncing with Feishu.</summary>
public sealed class FeishuSyncTask : SimulatedSyncTask
{
    /// <summary>The task name.</summary>
    public const string Name = "feishu-sync";

    /// <inheritdoc/>
    protected override string Subject => "飞书同步";
}
