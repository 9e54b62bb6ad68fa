using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>Starts of a one-at-a-time task that queues: admitted by slots for the running and the waiting together.</summary>
public sealed class ExecutionStarterQueueTests
{
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly InstanceStore _store;
    private readonly TaskDefinition _queued = new("queued", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1, Queue = new TaskQueuePolicy(2) });

    public ExecutionStarterQueueTests()
    {
        _store = new InstanceStore(_durable);
    }

    [Fact]
    public async Task StartAsync_FirstStart_OpensTheQueueCreatesTheExecutionAndJoinsIt()
    {
        StartResult result = await Starter().StartAsync(_queued, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        string id = result.Execution!.ExecutionId;
        InstanceStore.Start queue = Assert.Single(_store.Created, s => s.Name == ProtocolNames.QueueOrchestrator);
        Assert.Equal(InstanceIds.Queue("queued"), queue.InstanceId);
        Assert.NotNull(queue.Options.DedupeStatuses);
        var request = Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input);
        Assert.Equal(1, request.QueueLimit);
        Assert.Equal(0, request.SlotIndex);
        _durable.Verify(
            c => c.RaiseEventAsync(InstanceIds.Queue("queued"), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Join, id, 1), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task StartAsync_WhileOneRuns_IsAcceptedOnTheNextSlot()
    {
        AddRunning("running", 0);

        StartResult result = await Starter().StartAsync(_queued, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        var request = Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input);
        Assert.Equal(1, request.SlotIndex);
        Assert.Equal(1, request.QueueLimit);
    }

    [Fact]
    public async Task StartAsync_EverySlotTaken_IsAConflictNamingRunningAndWaitingFromTheQueue()
    {
        AddRunning("running", 0);
        AddRunning("waiting-1", 1);
        AddRunning("waiting-2", 2);
        _store.Add(ProtocolNames.QueueOrchestrator, InstanceIds.Queue("queued"), null, customStatus: new TaskQueueState("queued", 1, ["running"], ["waiting-1", "waiting-2"], []));

        StartResult result = await Starter().StartAsync(_queued, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Equal(StartOutcome.Conflict, result.Outcome);
        Assert.Equal(["running"], result.RunningExecutionIds);
        Assert.Equal(["waiting-1", "waiting-2"], result.QueuedExecutionIds);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task StartAsync_QueueBelievesAnEndedExecutionRuns_TellsTheQueueItLeft()
    {
        _store.Add(ProtocolNames.ExecutionOrchestrator, "gone", null, OrchestrationRuntimeStatus.Terminated);
        _store.Add(ProtocolNames.QueueOrchestrator, InstanceIds.Queue("queued"), null, customStatus: new TaskQueueState("queued", 1, ["gone"], [], []));

        await Starter().StartAsync(_queued, new StartRequest(TriggerKind.Api), CancellationToken.None);

        _durable.Verify(
            c => c.RaiseEventAsync(InstanceIds.Queue("queued"), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Leave, "gone", 0), It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.QueueOrchestrator);
    }

    [Fact]
    public async Task StartAsync_ATaskThatRefuses_NeverTouchesAQueue()
    {
        var refusing = new TaskDefinition("refusing", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1 });

        StartResult result = await Starter().StartAsync(refusing, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Null(Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input).QueueLimit);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.QueueOrchestrator);
        _durable.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), ProtocolNames.QueueEvent, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(StartOutcome.Accepted, result.Outcome);
    }

    private void AddRunning(string executionId, int slot)
    {
        _store.Add(ProtocolNames.SlotOrchestrator, InstanceIds.Slot("queued", slot), new SlotLease(executionId, "queued", slot));
        _store.Add(ProtocolNames.ExecutionOrchestrator, executionId, null);
    }

    private ExecutionStarter Starter() => new(_durable.Object, new MiddlewarePipeline([]), new TestClock(Requests.Start), new TaskExecutionClientOptions());
}
