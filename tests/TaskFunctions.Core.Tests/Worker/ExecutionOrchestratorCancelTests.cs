using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>
/// An attempt that ends because its execution was cancelled decides nothing: its result may reach the orchestrator
/// before the termination does, and the execution must still read cancelled, not failed.
/// </summary>
public sealed class ExecutionOrchestratorCancelTests
{
    [Fact]
    public async Task RunAsync_ACancelledAttempt_PublishesNoOutcomeAndWaitsForTheTermination()
    {
        var fake = new FakeOrchestration();
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(AttemptOutcome.Cancelled, [Requests.Entry("stopping")]));

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution("sync", slotIndex: 0));
        await Task.Delay(100);

        Assert.False(run.IsCompleted);
        Assert.All(fake.Statuses, s => Assert.Equal(ExecutionStatus.Running, s.Status));
        Assert.Equal("stopping", fake.LastStatus.Logs[^1].Message);
        Assert.Contains($"wait:{ProtocolNames.TerminationEvent}", fake.Events);
        Assert.Empty(fake.SentEvents);
        Assert.Single(fake.AttemptCalls);
    }
}
