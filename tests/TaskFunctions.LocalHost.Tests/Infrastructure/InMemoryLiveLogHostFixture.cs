namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The local host on the in-memory backend with the live-log interval of <see cref="LiveLogHost"/>.</summary>
public sealed class InMemoryLiveLogHostFixture : LocalHostFixture
{
    protected override Task<string[]> BackendArgumentsAsync() => Task.FromResult<string[]>(["--backend", "memory"]);

    protected override string[] HostArguments(int index) => LiveLogHost.Arguments;
}
