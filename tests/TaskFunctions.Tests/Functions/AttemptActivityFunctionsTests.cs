using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>The attempt activity trigger runs the input attempt in the core with its durable client.</summary>
public sealed class AttemptActivityFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices(o => o.CancellationPollInterval = TimeSpan.FromMilliseconds(20));

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task RunAttempt_RunsTheInputAttemptWatchedThroughItsClient()
    {
        // A minute-long step that only a cancel read through the given client can end.
        ExecutionRequest execution = Requests.Execution(
            "user-space-sync",
            parameters: Requests.Json("""{"durationMs":60000,"steps":1}"""),
            timeoutMs: 120_000,
            startedAt: DateTime.UtcNow);
        var client = new Mock<DurableTaskClient>("test");
        client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => InstanceStore.Instance(
                ProtocolNames.ExecutionOrchestrator,
                id,
                null,
                id == execution.ExecutionId ? OrchestrationRuntimeStatus.Terminated : OrchestrationRuntimeStatus.Running));
        var functions = TestHost.Create<AttemptActivityFunctions>(_services);

        AttemptResult result = await functions.RunAttemptAsync(Requests.Attempt(execution), client.Object).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        client.Verify(c => c.GetInstanceAsync(execution.ExecutionId, false, It.IsAny<CancellationToken>()), Times.AtLeastOnce);
    }
}
