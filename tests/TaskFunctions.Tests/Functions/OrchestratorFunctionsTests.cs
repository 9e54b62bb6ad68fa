using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Tests.Functions;

/// <summary>
/// Each orchestrator trigger runs the core orchestrator of its name on the input of its context. What the
/// orchestrators do is tested in Core.Tests (Worker/).
/// </summary>
public sealed class OrchestratorFunctionsTests
{
    [Fact]
    public async Task RunExecution_RunsTheInputExecutionThroughTheAttemptActivity()
    {
        ExecutionRequest execution = Requests.Execution("user-space-sync");
        List<(string Name, AttemptRequest Input)> calls = [];
        Mock<TaskOrchestrationContext> context = Context(execution);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Requests.Start);
        context
            .Setup(c => c.WaitForExternalEvent<LiveLogBatch>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<LiveLogBatch>().Task);
        context
            .Setup(c => c.CallActivityAsync<AttemptResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) =>
            {
                calls.Add((name.Name, (AttemptRequest)input!));
                return Task.FromResult(Requests.Succeeded());
            });

        ExecutionOutcome outcome = await OrchestratorFunctions.RunExecutionAsync(context.Object);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        (string name, AttemptRequest attempt) = Assert.Single(calls);
        Assert.Equal(ProtocolNames.AttemptActivity, name);
        Assert.Same(execution, attempt.Execution);
    }

    [Fact]
    public async Task RunLogArchive_ReturnsTheSizeOfTheInputChunk()
    {
        LogEntry[] entries = [Requests.Entry("a"), Requests.Entry("b"), Requests.Entry("c")];
        Mock<TaskOrchestrationContext> context = Context(new LogArchiveChunk(Requests.Execution("feishu-sync").ExecutionId, 0, entries));

        Assert.Equal(3, await OrchestratorFunctions.RunLogArchiveAsync(context.Object));
    }

    [Fact]
    public async Task RunConcurrencySlot_HoldsTheInputLeaseUntilItsExecutionReleasesIt()
    {
        var lease = new SlotLease(Requests.Execution("user-space-sync").ExecutionId, "user-space-sync", 0);
        var release = new TaskCompletionSource<string>();
        Mock<TaskOrchestrationContext> context = Context(lease);
        context.Setup(c => c.WaitForExternalEvent<string>(ProtocolNames.ReleaseSlotEvent, It.IsAny<CancellationToken>())).Returns(release.Task);

        Task<string> run = OrchestratorFunctions.RunConcurrencySlotAsync(context.Object);
        Assert.False(run.IsCompleted);
        release.SetResult(lease.ExecutionId);

        Assert.Equal("released", await run);
    }

    [Fact]
    public async Task RunIdempotencyKey_ReturnsTheExecutionIdOfTheInputClaim()
    {
        ExecutionRequest claim = Requests.Execution("feishu-sync");
        Mock<TaskOrchestrationContext> context = Context(claim);

        Assert.Equal(claim.ExecutionId, await OrchestratorFunctions.RunIdempotencyKeyAsync(context.Object));
    }

    private static Mock<TaskOrchestrationContext> Context<TInput>(TInput input)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<TInput>()).Returns(input);
        return context;
    }
}
