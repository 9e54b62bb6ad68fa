namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The local host on the Azure Storage provider against a real Azurite, with the live-log interval of <see cref="LiveLogHost"/>.</summary>
public sealed class AzureStorageLiveLogHostFixture : AzureStorageHostFixture
{
    protected override string[] HostArguments(int index) => LiveLogHost.Arguments;
}
