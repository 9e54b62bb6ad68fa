namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// Two local hosts sharing one task hub on Azurite (a scaled-out deployment), with the activity lock (the
/// work-item queue's visibility timeout) cut to 3 seconds (renewed every second), so that a handler of a few seconds
/// outlives it and the other host would pick its message up if the lock were not renewed.
/// </summary>
public sealed class ShortLockAzureStorageHostFixture : AzureStorageHostFixture
{
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(3);

    protected override int HostCount => 2;

    protected override string[] ExtraArguments => ["--Engine:WorkItemLockTimeout", LockTimeout.ToString()];
}
