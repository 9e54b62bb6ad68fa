namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The local host on Azurite, its retention service purging what finished more than two seconds ago.</summary>
public sealed class AzureStorageRetentionHostFixture : AzureStorageHostFixture
{
    protected override string[] ExtraArguments => RetentionSettings.Arguments;
}
