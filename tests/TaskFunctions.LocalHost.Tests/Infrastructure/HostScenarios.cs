using Microsoft.DurableTask.Client;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// Tests that talk to a shared local host over HTTP. Each test leaves nothing running for the next: the sample
/// tasks run one at a time.
/// </summary>
public abstract class HostScenarios : IAsyncLifetime
{
    protected HostScenarios(LocalHostFixture host)
    {
        Http = host.Http;
        Durable = host.Durable;
    }

    protected DurableTaskClient Durable { get; }

    protected HttpClient Http { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/all");
}
