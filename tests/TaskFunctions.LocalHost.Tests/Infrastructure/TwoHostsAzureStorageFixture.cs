namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// Two local hosts sharing one task hub on Azurite. The first, which <see cref="LocalHostFixture.Http"/> talks to,
/// runs one activity at a time, so that while it runs one the other host takes the next.
/// </summary>
public sealed class TwoHostsAzureStorageFixture : AzureStorageHostFixture
{
    protected override int HostCount => 2;

    protected override string[] HostArguments(int index) => index == 0 ? ["--Engine:Concurrency", "1"] : [];
}
