namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// A host on an Azurite of its own, keeping its data on disk, that the tests freeze and stop, with storage calls of
/// the API bounded at
/// <see cref="StoreCallTimeout"/> (shorter than the 4 s default, so that a loaded machine still answers within 5 s).
/// </summary>
public sealed class StoreOutageHostFixture : AzureStorageHostFixture
{
    /// <summary>How long one storage call of the API may take on this host.</summary>
    public static readonly TimeSpan StoreCallTimeout = TimeSpan.FromSeconds(3);

    protected override Task<AzuriteProcess> StartAzuriteAsync() => AzuriteProcess.StartPersistentAsync();

    protected override string[] ExtraArguments => ["--TaskFunctions:Client:StoreCallTimeout", StoreCallTimeout.ToString()];
}
