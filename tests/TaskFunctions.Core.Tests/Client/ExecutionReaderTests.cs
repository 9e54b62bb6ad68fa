using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Client;

public sealed class ExecutionReaderTests
{
    private static readonly DateTimeOffset Updated = new(2025, 11, 25, 11, 6, 0, TimeSpan.Zero);

    private readonly Mock<DurableTaskClient> _durable = new("test");

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
            .ReturnsAsync(new OrchestrationMetadata(ProtocolNames.LogArchiveOrchestrator, "archive") { DataConverter = JsonDataConverter.Default });

        ExecutionReader reader = Reader();

        Assert.Null(await reader.GetAsync("missing", 0, CancellationToken.None));
        Assert.Null(await reader.GetAsync("foreign", 0, CancellationToken.None));
        Assert.Null(await reader.GetAsync("archive", 0, CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_Running_ServesTheWholeLogWithSequenceNumbers()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("newest")], 3, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, snapshot));
        SetupChunk(request.ExecutionId, 0, "a", "b");
        SetupChunk(request.ExecutionId, 1, "c");

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.NotNull(view);
        Assert.Equal(ExecutionStatus.Running, view.Status);
        Assert.Equal(["a", "b", "c", "newest"], view.Logs.Select(l => l.Message));
        Assert.Equal([1, 2, 3, 4], view.Logs.Select(l => l.Seq));
        Assert.Equal((0, 4), (view.OmittedLogCount, view.LogCount));
        Assert.Null(view.FinishedAt);
        Assert.Equal(request.StartedAt, view.StartedAt);
        Assert.Equal("alpha", view.TaskName);
    }

    [Fact]
    public async Task GetAsync_AfterAnEntryOfTheTail_ServesOnlyNewerEntriesWithoutReadingTheArchive()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("t41"), Requests.Entry("t42"), Requests.Entry("t43")], 40, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, snapshot));

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 41, CancellationToken.None);

        Assert.Equal(["t42", "t43"], view!.Logs.Select(l => l.Message));
        Assert.Equal([42, 43], view.Logs.Select(l => l.Seq));
        Assert.Equal(43, view.LogCount);
        _durable.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task GetAsync_AfterTheLastEntry_ServesNone()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("only")], 0, 0)));

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 1, CancellationToken.None);

        Assert.Empty(view!.Logs);
        Assert.Equal(1, view.LogCount);
    }

    [Fact]
    public async Task GetAsync_AfterAnArchivedEntry_ServesFromTheNextOneOn()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("d")], 3, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, snapshot));
        SetupChunk(request.ExecutionId, 0, "a", "b");
        SetupChunk(request.ExecutionId, 1, "c");

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 1, CancellationToken.None);

        Assert.Equal(["b", "c", "d"], view!.Logs.Select(l => l.Message));
        Assert.Equal([2, 3, 4], view.Logs.Select(l => l.Seq));
    }

    [Fact]
    public async Task GetAsync_RunningWithAChunkNotStoredYet_StopsBeforeIt()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("tail")], 5, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Running, snapshot));
        SetupChunk(request.ExecutionId, 0, "a", "b");
        _durable
            .Setup(c => c.GetInstanceAsync(InstanceIds.LogChunk(request.ExecutionId, 1), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.Equal(["a", "b"], view!.Logs.Select(l => l.Message));
        Assert.Equal((0, 6), (view.OmittedLogCount, view.LogCount));
    }

    [Fact]
    public async Task ListAsync_ItemsCarryTheTailNumberedAfterTheArchivedEntries()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("x"), Requests.Entry("y")], 7, 1);
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create((string? _, int? _, CancellationToken _) =>
                Task.FromResult(new Page<OrchestrationMetadata>([Instance(request, OrchestrationRuntimeStatus.Running, snapshot)], null))));

        ExecutionPage page = await Reader().ListAsync(Definition("alpha"), new ExecutionListQuery(), CancellationToken.None);

        ExecutionView item = Assert.Single(page.Items);
        Assert.Equal([8, 9], item.Logs.Select(l => l.Seq));
        Assert.Equal((7, 9), (item.OmittedLogCount, item.LogCount));
    }

    [Fact]
    public async Task GetAsync_PendingWithoutACustomStatus_ReadsRunningWithNoLogYet()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        Setup(Instance(request, OrchestrationRuntimeStatus.Pending, null));

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Running, view!.Status);
        Assert.Null(view.FinishedAt);
        Assert.Empty(view.Logs);
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

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Completed, view!.Status);
        Assert.Equal(["e0", "e1", "e2", "e3", "e4", "e5"], view.Logs.Select(l => l.Message));
        Assert.Equal(0, view.OmittedLogCount);
        Assert.Equal(finished, view.FinishedAt);
    }

    [Fact]
    public async Task GetAsync_FinishedWithAChunkThatWasNeverStored_ServesTheRestAndCountsTheGap()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Failed, Requests.Start, [Requests.Entry("tail")], 5, 2);
        Setup(Instance(request, OrchestrationRuntimeStatus.Failed, snapshot));
        SetupChunk(request.ExecutionId, 0, "a", "b");
        _durable
            .Setup(c => c.GetInstanceAsync(InstanceIds.LogChunk(request.ExecutionId, 1), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.Equal(["a", "b", "tail"], view!.Logs.Select(l => l.Message));
        Assert.Equal([1, 2, 6], view.Logs.Select(l => l.Seq));
        Assert.Equal((3, 6), (view.OmittedLogCount, view.LogCount));
        Assert.Equal(ExecutionStatus.Failed, view.Status);
    }

    [Fact]
    public async Task GetAsync_Terminated_ReadsCancelledWithACancelEntry()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        var snapshot = new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("started")], 0, 0);
        Setup(Instance(request, OrchestrationRuntimeStatus.Terminated, snapshot));

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

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

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, view!.Status);
        Assert.Equal(Requests.Start.AddSeconds(5), view.FinishedAt);
    }

    [Fact]
    public async Task GetAsync_FailedOutsideTheExecution_AddsAFailureEntry()
    {
        ExecutionRequest request = Requests.Execution("alpha");
        Setup(Instance(request, OrchestrationRuntimeStatus.Failed, null));

        ExecutionView? view = await Reader().GetAsync(request.ExecutionId, 0, CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, view!.Status);
        LogEntry entry = Assert.Single(view.Logs);
        Assert.Equal(LogMessages.Failed, entry.Message);
        Assert.Equal(TaskLogLevel.Error, entry.Level);
        Assert.Equal(Updated.UtcDateTime, view.FinishedAt);
    }

    [Theory]
    [InlineData("next-page")]
    [InlineData("1.!!!")]
    [InlineData("1.")]
    [InlineData("1.YWxwaGE")]
    public async Task ListAsync_ATokenThatWasNotHandedOut_IsRefusedWithoutAQuery(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Reader().ListAsync(Definition("alpha"), new ExecutionListQuery(ContinuationToken: token), CancellationToken.None));

        _durable.Verify(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()), Times.Never);
    }

    [Fact]
    public async Task ListAsync_AnotherTasksToken_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Reader().ListAsync(Definition("alpha"), new ExecutionListQuery(ContinuationToken: ListTokens.Encode("beta", "page-2")), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_QueriesTheTasksIdPrefixWithTheFiltersFromTheGivenToken()
    {
        OrchestrationQuery? filter = null;
        List<(string? Token, int? PageSize)> pages = [];
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Callback<OrchestrationQuery?>(q => filter = q)
            .Returns(Pageable.Create<OrchestrationMetadata>((token, size, _) =>
            {
                pages.Add((token, size));
                return Task.FromResult(new Page<OrchestrationMetadata>([], null));
            }));
        var from = new DateTime(2025, 11, 25, 0, 0, 0, DateTimeKind.Utc);
        var to = new DateTime(2025, 11, 25, 16, 0, 0, DateTimeKind.Utc);

        ExecutionPage page = await Reader().ListAsync(
            Definition("alpha"),
            new ExecutionListQuery(ExecutionStatus.Failed, from, to, 5, ListTokens.Encode("alpha", "page-2")),
            CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
        Assert.NotNull(filter);
        Assert.Equal(ExecutionIds.TaskPrefix("alpha"), filter.InstanceIdPrefix);
        Assert.Equal(5, filter.PageSize);
        Assert.Equal(new DateTimeOffset(from), filter.CreatedFrom);
        Assert.Equal(new DateTimeOffset(to), filter.CreatedTo);
        Assert.Equal(ExecutionStatuses.RuntimeStatusesOf(ExecutionStatus.Failed).Order(), filter.Statuses!.Order());
        Assert.True(filter.FetchInputsAndOutputs);
        Assert.Equal([("page-2", 5)], pages);
    }

    [Fact]
    public async Task ListAsync_KeepsOnlyTheTasksExecutionsWithTheStatusAndReturnsTheNextToken()
    {
        ExecutionRequest failed = Requests.Execution("alpha");
        ExecutionRequest stillRunning = Requests.Execution("alpha");
        ExecutionRequest otherTask = Requests.Execution("beta");
        _durable
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((token, size, _) => Task.FromResult(new Page<OrchestrationMetadata>(
                [
                    Instance(failed, OrchestrationRuntimeStatus.Failed, new ExecutionSnapshot(ExecutionStatus.Failed, Requests.Start, [], 0, 0)),
                    new OrchestrationMetadata(ProtocolNames.LogArchiveOrchestrator, InstanceIds.LogChunk(failed.ExecutionId, 0)) { RuntimeStatus = OrchestrationRuntimeStatus.Failed },
                    Instance(stillRunning, OrchestrationRuntimeStatus.Running, new ExecutionSnapshot(ExecutionStatus.Running, null, [], 0, 0)),
                    Instance(otherTask, OrchestrationRuntimeStatus.Failed, null),
                ],
                "next-page"))));

        ExecutionPage page = await Reader().ListAsync(Definition("alpha"), new ExecutionListQuery(Status: ExecutionStatus.Failed, Limit: 3), CancellationToken.None);

        Assert.Equal([failed.ExecutionId], page.Items.Select(i => i.ExecutionId));
        Assert.Equal(ListTokens.Encode("alpha", "next-page"), page.ContinuationToken);
    }

    private ExecutionReader Reader() => new(_durable.Object, new TaskExecutionClientOptions());

    private static TaskDefinition Definition(string name) => new(name, typeof(object), new TaskDefinitionOptions { Timeout = TimeSpan.FromMilliseconds(5_000) });

    private void Setup(OrchestrationMetadata instance) =>
        _durable.Setup(c => c.GetInstanceAsync(instance.InstanceId, true, It.IsAny<CancellationToken>())).ReturnsAsync(instance);

    private void SetupChunk(string executionId, int index, params string[] messages)
    {
        string id = InstanceIds.LogChunk(executionId, index);
        var chunk = new LogArchiveChunk(executionId, index, [.. messages.Select(m => Requests.Entry(m))]);
        _durable
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProtocolNames.LogArchiveOrchestrator, id)
            {
                DataConverter = JsonDataConverter.Default,
                RuntimeStatus = OrchestrationRuntimeStatus.Completed,
                SerializedInput = JsonDataConverter.Default.Serialize(chunk),
            });
    }

    private static OrchestrationMetadata Instance(ExecutionRequest request, OrchestrationRuntimeStatus status, ExecutionSnapshot? snapshot) =>
        new(ProtocolNames.ExecutionOrchestrator, request.ExecutionId)
        {
            DataConverter = JsonDataConverter.Default,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(request.StartedAt),
            LastUpdatedAt = Updated,
            SerializedInput = JsonDataConverter.Default.Serialize(request),
            SerializedCustomStatus = snapshot is null ? null : JsonDataConverter.Default.Serialize(snapshot),
        };
}
