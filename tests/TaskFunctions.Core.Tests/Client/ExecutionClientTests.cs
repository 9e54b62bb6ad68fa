using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Middleware;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.Client;

public sealed class ExecutionClientTests
{
    private static readonly DateTimeOffset Updated = new(2025, 11, 25, 11, 6, 0, TimeSpan.Zero);

    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly TaskCatalog _catalog = new(
    [
        new TaskDefinition("alpha", typeof(object), "first", 5_000),
        new TaskDefinition("beta", typeof(object), null, 7_000),
    ]);

    [Fact]
    public async Task StartAsync_SchedulesTheOrchestratorWithTheExecutionIdAsInstanceId()
    {
        var pipeline = new MiddlewarePipeline([new MiddlewareRegistration(typeof(BeforeMiddleware), ["alpha"])]);
        ExecutionRequest? input = null;
        string? instanceId = null;
        _durable
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((_, i, o, _) =>
            {
                input = (ExecutionRequest)i!;
                instanceId = o?.InstanceId;
            })
            .ReturnsAsync("ignored");
        var client = new ExecutionClient(_durable.Object, _catalog, pipeline, new TestClock(Requests.Start));
        _catalog.TryGet("alpha", out TaskDefinition? alpha);

        ExecutionAccepted accepted = await client.StartAsync(alpha!, TriggerKind.Api, Requests.Json("""{"x":1}"""), CancellationToken.None);

        Assert.Equal(accepted.ExecutionId, instanceId);
        Assert.Equal(new ExecutionAccepted(accepted.ExecutionId, "alpha", TriggerKind.Api, ExecutionStatus.Running, Requests.Start), accepted);
        Assert.Equal(new ExecutionPlan(true, false, false), input!.Plan);
        Assert.Equal(5_000, input.TimeoutMs);
        Assert.Equal(1, input.Params!.Value.GetProperty("x").GetInt32());
    }

    [Fact]
    public async Task GetAsync_UnknownOrForeignInstance_IsNull()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        _durable.Setup(c => c.GetInstanceAsync("missing", true, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        _durable
            .Setup(c => c.GetInstanceAsync("foreign", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("SomeOtherOrchestrator", "foreign")
            {
                DataConverter = JsonDataConverter.Default,
                SerializedInput = JsonDataConverter.Default.Serialize(request),
            });
        _durable
            .Setup(c => c.GetInstanceAsync("archive", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ExecutionLogArchive.Name, "archive") { DataConverter = JsonDataConverter.Default });

        ExecutionClient client = Client();

        Assert.Null(await client.GetAsync("missing", CancellationToken.None));
        Assert.Null(await client.GetAsync("foreign", CancellationToken.None));
        Assert.Null(await client.GetAsync("archive", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_Running_ReturnsTheTailAndHowManyEntriesItOmits()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("newest")], 40, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, snapshot));

        ExecutionView? view = await Client().GetAsync(request.ExecutionId, CancellationToken.None);

        Assert.NotNull(view);
        Assert.Equal(ExecutionStatus.Running, view.Status);
        Assert.Equal(["newest"], view.Logs.Select(l => l.Message));
        Assert.Equal(40, view.OmittedLogCount);
        Assert.Null(view.FinishedAt);
        Assert.Equal(request.StartedAt, view.StartedAt);
        Assert.Equal("alpha", view.TaskName);
        _durable.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task GetAsync_Finished_JoinsTheArchivedChunksAndTheTailInOrder()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        DateTime finished = Requests.Start.AddSeconds(5);
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Completed, finished, [Requests.Entry("e4"), Requests.Entry("e5")], 4, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Completed, snapshot));
        SetupChunk(request.ExecutionId, 0, "e0", "e1", "e2");
        SetupChunk(request.ExecutionId, 1, "e3");

        ExecutionView? view = await Client().GetAsync(request.ExecutionId, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Completed, view!.Status);
        Assert.Equal(["e0", "e1", "e2", "e3", "e4", "e5"], view.Logs.Select(l => l.Message));
        Assert.Equal(0, view.OmittedLogCount);
        Assert.Equal(finished, view.FinishedAt);
    }

    [Fact]
    public async Task GetAsync_MissingChunk_ServesTheTailAndCountsEveryArchivedEntryAsOmitted()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Failed, Requests.Start, [Requests.Entry("tail")], 5, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Failed, snapshot));
        SetupChunk(request.ExecutionId, 0, "a", "b");
        _durable
            .Setup(c => c.GetInstanceAsync(ExecutionLogArchive.ChunkInstanceId(request.ExecutionId, 1), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);

        ExecutionView? view = await Client().GetAsync(request.ExecutionId, CancellationToken.None);

        Assert.Equal(["tail"], view!.Logs.Select(l => l.Message));
        Assert.Equal(5, view.OmittedLogCount);
        Assert.Equal(ExecutionStatus.Failed, view.Status);
    }

    [Fact]
    public async Task GetAsync_Terminated_ReadsCancelledWithACancelEntry()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("started")], 0, 0);
        Setup(Instance(request, OrchestrationRuntimeStatus.Terminated, snapshot));

        ExecutionView? view = await Client().GetAsync(request.ExecutionId, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Cancelled, view!.Status);
        Assert.Equal(Updated.UtcDateTime, view.FinishedAt);
        LogEntry last = view.Logs[^1];
        Assert.Equal(LogMessages.Cancelled, last.Message);
        Assert.Equal(TaskLogLevel.Warn, last.Level);
        Assert.Equal(Updated.UtcDateTime, last.Timestamp);
    }

    [Fact]
    public async Task GetAsync_RunningButSnapshotFailed_ReadsFailed()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Failed, Requests.Start.AddSeconds(5), [Requests.Entry(LogMessages.TimedOut(5_000), TaskLogLevel.Error)], 0, 0);
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, snapshot));

        ExecutionView? view = await Client().GetAsync(request.ExecutionId, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, view!.Status);
        Assert.Equal(Requests.Start.AddSeconds(5), view.FinishedAt);
    }

    [Fact]
    public async Task GetAsync_FailedOutsideTheExecution_AddsAFailureEntry()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        Setup(Instance(request, OrchestrationRuntimeStatus.Failed, null));

        ExecutionView? view = await Client().GetAsync(request.ExecutionId, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, view!.Status);
        LogEntry entry = Assert.Single(view.Logs);
        Assert.Equal(LogMessages.Failed, entry.Message);
        Assert.Equal(TaskLogLevel.Error, entry.Level);
        Assert.Equal(Updated.UtcDateTime, view.FinishedAt);
    }

    [Fact]
    public async Task CancelByIdsAsync_TerminatesOnlyRunningExecutions()
    {
        ExecutionRequest running = Requests.Execution("alpha");
        ExecutionRequest done = Requests.Execution("alpha");
        string missing = Guid.NewGuid().ToString();
        _durable.Setup(c => c.GetInstanceAsync(running.ExecutionId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Instance(running, OrchestrationRuntimeStatus.Running, null));
        _durable.Setup(c => c.GetInstanceAsync(done.ExecutionId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Instance(done, OrchestrationRuntimeStatus.Completed, null));
        _durable.Setup(c => c.GetInstanceAsync(missing, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);
        _durable.Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);

        CancelByIdsResult result = await Client().CancelByIdsAsync([missing, done.ExecutionId, running.ExecutionId], CancellationToken.None);

        Assert.Equal([running.ExecutionId], result.Cancelled);
        Assert.Equal([missing], result.NotFound);
        Assert.Equal([done.ExecutionId], result.NotRunning);
        _durable.Verify(
            c => c.TerminateInstanceAsync(running.ExecutionId, It.Is<TerminateInstanceOptions?>(o => Equals(o!.Output, LogMessages.Cancelled)), It.IsAny<CancellationToken>()),
            Times.Once);
        _durable.Verify(
            c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_CancelsOnlyThatTasksActiveExecutions()
    {
        ExecutionRequest alpha = Requests.Execution("alpha");
        ExecutionRequest sharedPrefixOtherTask = Requests.Execution("beta");
        OrchestrationQuery? query = null;
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns<OrchestrationQuery?>(q =>
            {
                query = q;
                return Pages(
                    Instance(alpha, OrchestrationRuntimeStatus.Running, null),
                    Instance(sharedPrefixOtherTask, OrchestrationRuntimeStatus.Running, null));
            });
        _durable.Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);

        CancelByTaskNamesResult result = await Client().CancelByTaskNamesAsync(["alpha", "ghost"], CancellationToken.None);

        Assert.Equal([alpha.ExecutionId], result.Cancelled);
        Assert.Equal(["ghost"], result.TaskNotFound);
        Assert.Equal(ExecutionIds.TaskPrefix("alpha"), query!.InstanceIdPrefix);
        Assert.Equal(ExecutionStatuses.Active, query.Statuses);
        _durable.Verify(c => c.TerminateInstanceAsync(sharedPrefixOtherTask.ExecutionId, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task CancelAllAsync_CountsOnlyExecutionOrchestrations()
    {
        ExecutionRequest a = Requests.Execution("alpha");
        ExecutionRequest b = Requests.Execution("beta");
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pages(
                Instance(a, OrchestrationRuntimeStatus.Running, null),
                new OrchestrationMetadata(ExecutionLogArchive.Name, ExecutionLogArchive.ChunkInstanceId(a.ExecutionId, 0)) { RuntimeStatus = OrchestrationRuntimeStatus.Pending },
                Instance(b, OrchestrationRuntimeStatus.Pending, null)));
        List<string> terminated = [];
        _durable.Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<string, TerminateInstanceOptions?, CancellationToken>((id, _, _) =>
            {
                lock (terminated)
                {
                    terminated.Add(id);
                }
            })
            .Returns(Task.CompletedTask);

        CancelAllResult result = await Client().CancelAllAsync(CancellationToken.None);

        Assert.Equal(2, result.Count);
        Assert.Equal(new[] { a.ExecutionId, b.ExecutionId }.Order(StringComparer.Ordinal), terminated.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_KeepsOnlyTheTasksExecutionsWithTheStatusAndPassesTheToken()
    {
        ExecutionRequest failed = Requests.Execution("alpha");
        ExecutionRequest stillRunning = Requests.Execution("alpha");
        ExecutionRequest otherTask = Requests.Execution("beta");
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((token, size, _) => Task.FromResult(new Page<OrchestrationMetadata>(
                [
                    Instance(failed, OrchestrationRuntimeStatus.Failed, new ExecutionSnapshot(ExecutionStatus.Failed, Requests.Start, [], 0, 0)),
                    Instance(stillRunning, OrchestrationRuntimeStatus.Running, new ExecutionSnapshot(ExecutionStatus.Running, null, [], 0, 0)),
                    Instance(otherTask, OrchestrationRuntimeStatus.Failed, null),
                ],
                "next-page"))));

        ExecutionPage page = await Client().ListAsync(Definition("alpha"), new ExecutionListQuery(Status: ExecutionStatus.Failed, Limit: 3), CancellationToken.None);

        Assert.Equal([failed.ExecutionId], page.Items.Select(i => i.ExecutionId));
        Assert.Equal("next-page", page.ContinuationToken);
    }

    private ExecutionClient Client() => new(_durable.Object, _catalog, new MiddlewarePipeline([]), new TestClock(Requests.Start));

    private TaskDefinition Definition(string name)
    {
        Assert.True(_catalog.TryGet(name, out TaskDefinition? task));
        return task;
    }

    private void Setup(OrchestrationMetadata instance) =>
        _durable.Setup(c => c.GetInstanceAsync(instance.InstanceId, true, It.IsAny<CancellationToken>())).ReturnsAsync(instance);

    private void SetupChunk(string executionId, int index, params string[] messages)
    {
        string id = ExecutionLogArchive.ChunkInstanceId(executionId, index);
        var chunk = new LogArchiveChunk(executionId, index, [.. messages.Select(m => Requests.Entry(m))]);
        _durable
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ExecutionLogArchive.Name, id)
            {
                DataConverter = JsonDataConverter.Default,
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                SerializedInput = JsonDataConverter.Default.Serialize(chunk),
            });
    }

    private static OrchestrationMetadata Instance(ExecutionRequest request, OrchestrationRuntimeStatus status, ExecutionSnapshot? snapshot) =>
        new(ExecutionOrchestrator.Name, request.ExecutionId)
        {
            DataConverter = JsonDataConverter.Default,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(request.StartedAt),
            LastUpdatedAt = Updated,
            SerializedInput = JsonDataConverter.Default.Serialize(request),
            SerializedCustomStatus = snapshot is null ? null : JsonDataConverter.Default.Serialize(snapshot),
        };

    private static AsyncPageable<OrchestrationMetadata> Pages(params OrchestrationMetadata[] instances) =>
        Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>(instances, null)));

    private sealed class BeforeMiddleware : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
