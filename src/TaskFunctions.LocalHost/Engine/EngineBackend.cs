namespace TaskFunctions.LocalHost.Engine;

/// <summary>The storage the local host runs the Durable Task engine on.</summary>
public enum EngineBackend
{
    /// <summary>The Azure Storage provider: Azurite locally, or a real storage account. Durable across restarts.</summary>
    AzureStorage,

    /// <summary>In memory: quick, but everything is lost when the process stops.</summary>
    Memory,
}
