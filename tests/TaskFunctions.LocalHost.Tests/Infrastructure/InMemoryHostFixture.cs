namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The local host on the in-memory backend.</summary>
public sealed class InMemoryHostFixture : LocalHostFixture
{
    protected override Task<string[]> BackendArgumentsAsync() => Task.FromResult<string[]>(["--backend", "memory"]);
}
