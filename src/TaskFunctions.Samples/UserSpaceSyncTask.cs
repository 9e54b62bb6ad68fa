namespace TaskFunctions.Samples;

/// <summary>Sample task <c>user-space-sync</c>: simulates syncing user spaces.</summary>
public sealed class UserSpaceSyncTask : SimulatedSyncTask
{
    /// <summary>The task name.</summary>
    public const string Name = "user-space-sync";

    /// <inheritdoc/>
    protected override string Subject => "用户空间同步";
}
