namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The local host in memory, its retention service purging what finished more than two seconds ago.</summary>
public sealed class InMemoryRetentionHostFixture : LocalHostFixture
{
    protected override Task<string[]> BackendArgumentsAsync() => Task.FromResult<string[]>(["--backend", "memory", .. RetentionSettings.Arguments]);
}
