using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// A decided outcome is final: an execution whose orchestrator already published completed or failed (a timed-out
/// execution waits for its stubborn handler's late entries while its instance still runs) is not cancelled.
/// </summary>
public sealed class ExecutionCancellerDecidedOutcomeTests
{
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly List<string> _terminated = [];
    private readonly TaskCatalog _catalog = new([new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions())]);
    private readonly ExecutionRequest _undecided = Requests.Execution("alpha");
    private readonly ExecutionRequest _timedOut = Requests.Execution("alpha");
    private readonly ExecutionRequest _succeeded = Requests.Execution("alpha");

    public ExecutionCancellerDecidedOutcomeTests()
    {
        _durable
            .Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<string, TerminateInstanceOptions?, CancellationToken>((id, _, _) =>
            {
                lock (_terminated)
                {
                    _terminated.Add(id);
                }
            })
            .Returns(Task.CompletedTask);
        foreach ((ExecutionRequest request, ExecutionStatus decision) in Executions())
        {
            _durable
                .Setup(c => c.GetInstanceAsync(request.ExecutionId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync(() => Instance(request, decision, _terminated.Contains(request.ExecutionId)));
        }

        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(() => Pageable.Create((string? _, int? _, CancellationToken _) =>
                Task.FromResult(new Page<OrchestrationMetadata>([.. Executions().Select(e => Instance(e.Request, e.Decision, terminated: false))], null))));
    }

    [Fact]
    public async Task CancelByIdsAsync_ListsADecidedExecutionAsNotRunning_AndLeavesItAlone()
    {
        CancelByIdsResult result = await Canceller().CancelByIdsAsync(
            [_timedOut.ExecutionId, _undecided.ExecutionId, _succeeded.ExecutionId], CancellationToken.None);

        Assert.Equal([_undecided.ExecutionId], result.Cancelled);
        Assert.Equal([_timedOut.ExecutionId, _succeeded.ExecutionId], result.NotRunning);
        Assert.Empty(result.NotFound);
        Assert.Equal([_undecided.ExecutionId], _terminated);
    }

    [Fact]
    public async Task CancelAllAsync_CountsOnlyUndecidedExecutions()
    {
        CancelAllResult result = await Canceller().CancelAllAsync(CancellationToken.None);

        Assert.Equal(1, result.Count);
        Assert.Equal([_undecided.ExecutionId], _terminated);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_ListsOnlyUndecidedExecutions()
    {
        CancelByTaskNamesResult result = await Canceller().CancelByTaskNamesAsync(["alpha"], CancellationToken.None);

        Assert.Equal([_undecided.ExecutionId], result.Cancelled);
        Assert.Equal([_undecided.ExecutionId], _terminated);
    }

    private IEnumerable<(ExecutionRequest Request, ExecutionStatus Decision)> Executions() =>
    [
        (_undecided, ExecutionStatus.Running),
        (_timedOut, ExecutionStatus.Failed),
        (_succeeded, ExecutionStatus.Completed),
    ];

    private ExecutionCanceller Canceller() => new(_durable.Object, _catalog, new LocalCancellation(), new TaskExecutionClientOptions());

    /// <summary>An execution whose instance still runs in the engine, with the orchestrator's decision in its custom status.</summary>
    private static OrchestrationMetadata Instance(ExecutionRequest request, ExecutionStatus decision, bool terminated) =>
        InstanceStore.Instance(
            ProtocolNames.ExecutionOrchestrator,
            request.ExecutionId,
            request,
            terminated ? OrchestrationRuntimeStatus.Terminated : OrchestrationRuntimeStatus.Running,
            new ExecutionSnapshot(decision, decision == ExecutionStatus.Running ? null : Requests.Start, [], 0, 0));
}
