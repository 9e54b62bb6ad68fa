using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class OrchestratorFunctionsTests
{
    [Fact]
    public async Task Execution_orchestrator_runs_the_input_request_through_one_attempt_activity()
    {
        string id = Instances.NewId("user-space-sync");
        ExecutionRequest request = Instances.Request(id, "user-space-sync");
        DateTime now = Instances.StartedAt.AddSeconds(1);
        List<(string Name, AttemptRequest Input)> calls = [];
        List<object?> statuses = [];
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.InstanceId).Returns(id);
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(now);
        context.Setup(c => c.GetInput<ExecutionRequest>()).Returns(request);
        context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => statuses.Add(status));
        context
            .Setup(c => c.WaitForExternalEvent<LiveLogBatch>(ProtocolNames.LiveLogEvent, It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<LiveLogBatch>().Task);
        context
            .Setup(c => c.CallActivityAsync<AttemptResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) =>
            {
                var attempt = (AttemptRequest)input!;
                calls.Add((name.Name, attempt));
                LogEntry[] logs = [new(now, TaskLogLevel.Info, "handler"), new(now, TaskLogLevel.Debug, "after"), new(now, TaskLogLevel.Info, LogMessages.Succeeded)];
                return Task.FromResult(new AttemptResult(AttemptOutcome.Succeeded, "run", logs, attempt.Items));
            });

        ExecutionOutcome outcome = await OrchestratorFunctions.RunExecutionAsync(context.Object);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(now, outcome.FinishedAt);
        Assert.Equal(4, outcome.LogCount);
        Assert.All(calls, c => Assert.Equal(ProtocolNames.AttemptActivity, c.Name));
        Assert.All(calls, c => Assert.Same(request, c.Input.Execution));
        Assert.Equal(1, Assert.Single(calls).Input.Attempt);
        ExecutionSnapshot last = Assert.IsType<ExecutionSnapshot>(statuses[^1]);
        Assert.Equal(ExecutionStatus.Completed, last.Status);
        Assert.Equal(
            [LogMessages.Started(30000), "handler", "after", LogMessages.Succeeded],
            last.Logs.Select(l => l.Message));
        context.Verify(c => c.GetInput<ExecutionRequest>(), Times.Once);
        context.Verify(c => c.WaitForExternalEvent<LiveLogBatch>(ProtocolNames.LiveLogEvent, It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.SendEvent(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object>()), Times.Never);
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Log_archive_orchestrator_returns_the_size_of_its_input_chunk()
    {
        LogEntry[] entries = [.. Enumerable.Range(0, 3).Select(i => new LogEntry(Instances.StartedAt, TaskLogLevel.Debug, "line " + i))];
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<LogArchiveChunk>()).Returns(new LogArchiveChunk(Instances.NewId("feishu-sync"), 0, entries));

        int count = await OrchestratorFunctions.RunLogArchiveAsync(context.Object);

        Assert.Equal(3, count);
        context.Verify(c => c.GetInput<LogArchiveChunk>(), Times.Once);
    }

    [Fact]
    public async Task Concurrency_slot_orchestrator_holds_its_input_lease_until_its_execution_releases_it()
    {
        var lease = new SlotLease(Instances.NewId("user-space-sync"), "user-space-sync", 0);
        var release = new TaskCompletionSource<string>();
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<SlotLease>()).Returns(lease);
        context.Setup(c => c.WaitForExternalEvent<string>(ProtocolNames.ReleaseSlotEvent, It.IsAny<CancellationToken>())).Returns(release.Task);

        Task<string> run = OrchestratorFunctions.RunConcurrencySlotAsync(context.Object);
        Assert.False(run.IsCompleted);
        release.SetResult(lease.ExecutionId);

        Assert.Equal("released", await run);
        context.Verify(c => c.GetInput<SlotLease>(), Times.Once);
    }

    [Fact]
    public async Task Idempotency_key_orchestrator_returns_the_execution_id_of_its_input_claim()
    {
        ExecutionRequest claim = Instances.Request(Instances.NewId("feishu-sync"), "feishu-sync");
        var context = new Mock<TaskOrchestrationContext>();
        context.Setup(c => c.GetInput<ExecutionRequest>()).Returns(claim);

        string executionId = await OrchestratorFunctions.RunIdempotencyKeyAsync(context.Object);

        Assert.Equal(claim.ExecutionId, executionId);
        context.Verify(c => c.GetInput<ExecutionRequest>(), Times.Once);
    }
}
