using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// The slot paths that depend on time passing, on the real clock with short configured waits: a start gives up
/// waiting for a stale slot's release and answers with a conflict, and a slot whose execution never appeared is
/// freed only once it is older than its grace period.
/// </summary>
public sealed class ExecutionStarterSlotTimingTests
{
    private static readonly TaskDefinition Single = new("single", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1 });
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly InstanceStore _store;

    public ExecutionStarterSlotTimingTests()
    {
        _store = new InstanceStore(_durable);
        _durable
            .Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task AStaleSlotThatNeverTakesTheRelease_GivesUpAfterTheReleaseWaitWithAConflict()
    {
        AddSlot("finished");
        _store.Add(ProtocolNames.ExecutionOrchestrator, "finished", null, OrchestrationRuntimeStatus.Completed);
        var options = new TaskExecutionClientOptions { SlotReleaseWait = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(20) };

        var elapsed = Stopwatch.StartNew();
        StartResult result = await Starter(options).StartAsync(Single, new StartRequest(TriggerKind.Api), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        elapsed.Stop();

        Assert.Equal(StartOutcome.Conflict, result.Outcome);
        Assert.Equal(["finished"], result.RunningExecutionIds);
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(8));
        _durable.Verify(c => c.RaiseEventAsync(InstanceIds.Slot("single", 0), ProtocolNames.ReleaseSlotEvent, "finished", It.IsAny<CancellationToken>()), Times.Once);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task ASlotWhoseExecutionNeverAppeared_IsLeftAloneWithinItsGracePeriod()
    {
        AddSlot("never-created");
        var options = new TaskExecutionClientOptions { SlotStartGracePeriod = TimeSpan.FromDays(36_500) };

        StartResult result = await Starter(options).StartAsync(Single, new StartRequest(TriggerKind.Api), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StartOutcome.Conflict, result.Outcome);
        _durable.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ASlotWhoseExecutionNeverAppeared_IsReleasedOnceOlderThanItsGracePeriod()
    {
        AddSlot("never-created");
        string slotId = InstanceIds.Slot("single", 0);
        _durable
            .Setup(c => c.RaiseEventAsync(slotId, ProtocolNames.ReleaseSlotEvent, "never-created", It.IsAny<CancellationToken>()))
            .Callback(() => _store.Add(ProtocolNames.SlotOrchestrator, slotId, new SlotLease("never-created", "single", 0), OrchestrationRuntimeStatus.Completed))
            .Returns(Task.CompletedTask);

        // The slot was created at InstanceStore.CreatedAt, long before now on the real clock.
        var options = new TaskExecutionClientOptions { SlotStartGracePeriod = TimeSpan.FromMinutes(1) };
        StartResult result = await Starter(options).StartAsync(Single, new StartRequest(TriggerKind.Api), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        _durable.Verify(c => c.RaiseEventAsync(slotId, ProtocolNames.ReleaseSlotEvent, "never-created", It.IsAny<CancellationToken>()), Times.Once);
    }

    private ExecutionStarter Starter(TaskExecutionClientOptions options) =>
        new(_durable.Object, new MiddlewarePipeline([]), TimeProvider.System, options);

    private void AddSlot(string executionId) =>
        _store.Add(ProtocolNames.SlotOrchestrator, InstanceIds.Slot("single", 0), new SlotLease(executionId, "single", 0));
}
