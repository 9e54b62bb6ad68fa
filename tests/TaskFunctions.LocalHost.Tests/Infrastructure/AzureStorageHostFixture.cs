namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The local host on the Azure Storage provider against a real Azurite, in a task hub of its own.</summary>
public class AzureStorageHostFixture : LocalHostFixture
{
    private AzuriteProcess? _azurite;

    /// <summary>Gets the Azurite the host stores its task hub in.</summary>
    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("The fixture has not started Azurite yet.");

    /// <summary>Starts the Azurite the host uses (in memory unless a fixture needs more).</summary>
    /// <returns>The running Azurite.</returns>
    protected virtual Task<AzuriteProcess> StartAzuriteAsync() => AzuriteProcess.StartAsync();

    /// <summary>Gets extra arguments for the host.</summary>
    protected virtual string[] ExtraArguments => [];

    protected override async Task<string[]> BackendArgumentsAsync()
    {
        _azurite = await StartAzuriteAsync();
        string taskHub = "test" + Guid.NewGuid().ToString("N")[..12];
        return ["--backend", "azurestorage", "--connection-string", _azurite.ConnectionString, "--task-hub", taskHub, .. ExtraArguments];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
