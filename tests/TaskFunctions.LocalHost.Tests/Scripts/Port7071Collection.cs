namespace TaskFunctions.LocalHost.Tests.Scripts;

/// <summary>
/// Tests that run the local host on its fixed port 7071, as scripts/run.sh does: never beside each other, nor beside
/// anything else of this assembly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Port7071Collection
{
    public const string Name = "Port 7071";
}
