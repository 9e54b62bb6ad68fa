using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Client;

public sealed class ExecutionCancellerTests
{
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly List<string> _calls = [];
    private readonly TaskCatalog _catalog = new(
    [
        new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions { Description = "first", Timeout = TimeSpan.FromMilliseconds(5_000) }),
        new TaskDefinition("beta", typeof(object), new TaskDefinitionOptions { Timeout = TimeSpan.FromMilliseconds(7_000) }),
        new TaskDefinition("gamma", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 2 }),
    ]);

    public ExecutionCancellerTests()
    {
        _durable
            .Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<string, TerminateInstanceOptions?, CancellationToken>((id, _, _) => Record($"terminate:{id}"))
            .Returns(Task.CompletedTask);
        _durable
            .Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((id, name, payload, _) => Record($"raise:{id}:{name}:{payload}"))
            .Returns(Task.CompletedTask);
    }

    [Fact]
    public async Task CancelByIdsAsync_TerminatesOnlyRunningExecutions()
    {
        ExecutionRequest running = Requests.Execution("alpha");
        ExecutionRequest done = Requests.Execution("alpha");
        string missing = Guid.NewGuid().ToString();
        string foreign = Guid.NewGuid().ToString();
        SetupStatuses(running.ExecutionId, running, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Terminated);
        SetupStatuses(done.ExecutionId, done, OrchestrationRuntimeStatus.Completed);
        _durable.Setup(c => c.GetInstanceAsync(missing, true, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        _durable
            .Setup(c => c.GetInstanceAsync(foreign, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(InstanceStore.Instance(ProtocolNames.SlotOrchestrator, foreign, null, OrchestrationRuntimeStatus.Running));

        CancelByIdsResult result = await Canceller().CancelByIdsAsync([missing, done.ExecutionId, foreign, running.ExecutionId], CancellationToken.None);

        Assert.Equal([running.ExecutionId], result.Cancelled);
        Assert.Equal([missing, foreign], result.NotFound);
        Assert.Equal([done.ExecutionId], result.NotRunning);
        _durable.Verify(
            c => c.TerminateInstanceAsync(running.ExecutionId, It.Is<TerminateInstanceOptions?>(o => Equals(o!.Output, LogMessages.Cancelled)), It.IsAny<CancellationToken>()),
            Times.Once);
        _durable.Verify(
            c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task CancelByIdsAsync_ReturnsOnlyOnceTheInstanceReadsTerminated()
    {
        ExecutionRequest running = Requests.Execution("alpha");

        // The lookup, then two reads while the engine has not applied the termination yet, then terminated.
        SetupStatuses(
            running.ExecutionId,
            running,
            OrchestrationRuntimeStatus.Running,
            OrchestrationRuntimeStatus.Running,
            OrchestrationRuntimeStatus.Running,
            OrchestrationRuntimeStatus.Terminated);

        CancelByIdsResult result = await Canceller().CancelByIdsAsync([running.ExecutionId], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([running.ExecutionId], result.Cancelled);
        string read = $"read:{running.ExecutionId}";
        Assert.Equal(
            [$"{read}:Running", $"terminate:{running.ExecutionId}", $"{read}:Running", $"{read}:Running", $"{read}:Terminated"],
            _calls);
    }

    [Fact]
    public async Task CancelByIdsAsync_AnEngineThatNeverAppliesTheTermination_ReturnsAfterTheConfirmTimeout()
    {
        ExecutionRequest running = Requests.Execution("alpha");
        SetupStatuses(running.ExecutionId, running, OrchestrationRuntimeStatus.Running);
        var options = new TaskExecutionClientOptions { CancelConfirmTimeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(20) };

        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        CancelByIdsResult result = await new ExecutionCanceller(_durable.Object, _catalog, _local, options)
            .CancelByIdsAsync([running.ExecutionId], CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([running.ExecutionId], result.Cancelled);
        Assert.InRange(elapsed.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(8));
        Assert.True(_calls.Count(c => c.StartsWith("read:", StringComparison.Ordinal)) > 2); // it kept reading until the bound
    }

    [Fact]
    public async Task CancelByIdsAsync_ReleasesOnlyTheSlotWhoseLeaseNamesTheExecution()
    {
        ExecutionRequest running = Requests.Execution("gamma");
        SetupStatuses(running.ExecutionId, running, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Terminated);
        SetupSlot("gamma", 0, "another-execution");
        SetupSlot("gamma", 1, running.ExecutionId);

        await Canceller().CancelByIdsAsync([running.ExecutionId], CancellationToken.None);

        _durable.Verify(
            c => c.RaiseEventAsync(InstanceIds.Slot("gamma", 1), ProtocolNames.ReleaseSlotEvent, running.ExecutionId, It.IsAny<CancellationToken>()),
            Times.Once);
        _durable.Verify(
            c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.True(
            _calls.IndexOf($"terminate:{running.ExecutionId}") < _calls.IndexOf($"raise:{InstanceIds.Slot("gamma", 1)}:release:{running.ExecutionId}"),
            "the slot is released after the execution is terminated");
    }

    [Fact]
    public async Task CancelByIdsAsync_FinishedSlotOrTaskWithoutLimit_RaisesNothing()
    {
        ExecutionRequest limited = Requests.Execution("gamma");
        ExecutionRequest unlimited = Requests.Execution("alpha");
        SetupStatuses(limited.ExecutionId, limited, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Terminated);
        SetupStatuses(unlimited.ExecutionId, unlimited, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Terminated);
        SetupSlot("gamma", 0, limited.ExecutionId, OrchestrationRuntimeStatus.Completed);

        await Canceller().CancelByIdsAsync([limited.ExecutionId, unlimited.ExecutionId], CancellationToken.None);

        _durable.Verify(
            c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.Never);
        _durable.Verify(
            c => c.GetInstanceAsync(It.Is<string>(id => id.StartsWith(InstanceIds.SlotPrefix + "alpha", StringComparison.Ordinal)), It.IsAny<bool>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_CancelsOnlyThatTasksActiveExecutions()
    {
        ExecutionRequest alpha = Requests.Execution("alpha");
        ExecutionRequest otherTask = Requests.Execution("beta");
        OrchestrationQuery? query = null;
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns<OrchestrationQuery?>(q =>
            {
                query = q;
                return Pages.Of(
                    Instance(alpha, OrchestrationRuntimeStatus.Running),
                    Instance(otherTask, OrchestrationRuntimeStatus.Running));
            });

        CancelByTaskNamesResult result = await Canceller().CancelByTaskNamesAsync(["alpha", "ghost"], CancellationToken.None);

        Assert.Equal([alpha.ExecutionId], result.Cancelled);
        Assert.Equal(["ghost"], result.TaskNotFound);
        Assert.Equal(ExecutionIds.TaskPrefix("alpha"), query!.InstanceIdPrefix);
        Assert.Equal(ExecutionStatuses.Active, query.Statuses);
        Assert.True(query.FetchInputsAndOutputs);
        _durable.Verify(c => c.TerminateInstanceAsync(otherTask.ExecutionId, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_UnknownNames_AreReportedInOrderWithoutAQuery()
    {
        CancelByTaskNamesResult result = await Canceller().CancelByTaskNamesAsync(["ghost", "spook"], CancellationToken.None);

        Assert.Empty(result.Cancelled);
        Assert.Equal(["ghost", "spook"], result.TaskNotFound);
        Assert.Empty(_durable.Invocations);
    }

    [Fact]
    public async Task CancelByIdsAsync_NoIds_CallsTheEngineNot()
    {
        CancelByIdsResult result = await Canceller().CancelByIdsAsync([], CancellationToken.None);

        Assert.Empty(result.Cancelled);
        Assert.Empty(result.NotFound);
        Assert.Empty(result.NotRunning);
        Assert.Empty(_durable.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_NoNames_CallsTheEngineNot()
    {
        CancelByTaskNamesResult result = await Canceller().CancelByTaskNamesAsync([], CancellationToken.None);

        Assert.Empty(result.Cancelled);
        Assert.Empty(result.TaskNotFound);
        Assert.Empty(_durable.Invocations);
    }

    [Fact]
    public async Task CancelAllAsync_CountsOnlyExecutionOrchestrations()
    {
        ExecutionRequest a = Requests.Execution("alpha");
        ExecutionRequest b = Requests.Execution("beta");
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pages.Of(
                Instance(a, OrchestrationRuntimeStatus.Running),
                new OrchestrationMetadata(ProtocolNames.LogArchiveOrchestrator, InstanceIds.LogChunk(a.ExecutionId, 0)) { RuntimeStatus = OrchestrationRuntimeStatus.Pending },
                new OrchestrationMetadata(ProtocolNames.SlotOrchestrator, InstanceIds.Slot("gamma", 0)) { RuntimeStatus = OrchestrationRuntimeStatus.Running },
                Instance(b, OrchestrationRuntimeStatus.Pending)));

        CancelAllResult result = await Canceller().CancelAllAsync(CancellationToken.None);

        Assert.Equal(2, result.Count);
        Assert.Equal(
            new[] { $"terminate:{a.ExecutionId}", $"terminate:{b.ExecutionId}" }.Order(StringComparer.Ordinal),
            _calls.Where(c => c.StartsWith("terminate:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    private ExecutionCanceller Canceller() => new(_durable.Object, _catalog, _local, new TaskExecutionClientOptions());

    private readonly LocalCancellation _local = new();

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }

    /// <summary>Makes the execution read each status in turn, then the last one for ever.</summary>
    private void SetupStatuses(string executionId, ExecutionRequest request, params OrchestrationRuntimeStatus[] statuses)
    {
        int reads = 0;
        _durable
            .Setup(c => c.GetInstanceAsync(executionId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((_, _, _) =>
            {
                OrchestrationRuntimeStatus status = statuses[Math.Min(Interlocked.Increment(ref reads) - 1, statuses.Length - 1)];
                Record($"read:{executionId}:{status}");
                return Task.FromResult<OrchestrationMetadata?>(Instance(request, status));
            });
    }

    private void SetupSlot(string taskName, int index, string executionId, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running)
    {
        string id = InstanceIds.Slot(taskName, index);
        _durable
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(InstanceStore.Instance(ProtocolNames.SlotOrchestrator, id, new SlotLease(executionId, taskName, index), status));
    }

    private static OrchestrationMetadata Instance(ExecutionRequest request, OrchestrationRuntimeStatus status) =>
        new(ProtocolNames.ExecutionOrchestrator, request.ExecutionId)
        {
            DataConverter = JsonDataConverter.Default,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(request.StartedAt),
            SerializedInput = JsonDataConverter.Default.Serialize(request),
        };
}
