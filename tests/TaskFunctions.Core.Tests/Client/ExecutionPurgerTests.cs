using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// The purge over a mocked task hub that, like the Azure Storage provider, purges any instance it is asked to, running
/// or not: the purger itself must never ask for a running one, nor for anything a running execution owns. The hub lists
/// instances in id order, a page at a time, without inputs or custom status unless asked for them, as the engine does.
/// </summary>
public sealed class ExecutionPurgerTests
{
    private static readonly DateTime Now = new(2025, 12, 10, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Old = Now.AddDays(-10);
    private static readonly DateTime Cutoff = Now.AddDays(-7);

    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly SortedDictionary<string, OrchestrationMetadata> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _purged = [];
    private readonly List<OrchestrationQuery> _queries = [];
    private readonly TestClock _clock = new(Now);

    // The purger reads and purges several instances at once: the mocked task hub serves one call at a time.
    private readonly Lock _hub = new();

    public ExecutionPurgerTests()
    {
        _client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, inputs, _) =>
            {
                lock (_hub)
                {
                    return Task.FromResult(_rows.TryGetValue(id, out OrchestrationMetadata? row) ? Read(row, inputs) : null);
                }
            });
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns<OrchestrationQuery?>(query => Pageable.Create<OrchestrationMetadata>((token, size, _) =>
            {
                lock (_hub)
                {
                    return Task.FromResult(Page(query!, token));
                }
            }));
        _client
            .Setup(c => c.PurgeInstanceAsync(It.IsAny<string>(), It.IsAny<PurgeInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Returns<string, PurgeInstanceOptions?, CancellationToken>((id, _, _) =>
            {
                lock (_hub)
                {
                    _purged.Add(id);
                    return Task.FromResult(new PurgeResult(_rows.Remove(id) ? 1 : 0));
                }
            });
    }

    [Fact]
    public async Task PurgeAsync_AnOldFinishedExecution_IsPurgedWithItsChunksAndItsKeyClaimFirst()
    {
        ExecutionRequest keyed = Execution("alpha", OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed, chunks: 2);
        string claim = Claim("alpha", "order-1", keyed);

        PurgeReport report = await PurgeAsync(new PurgeQuery(Cutoff));

        Assert.Equal(new PurgeReport(1, 2, 1, 0), report);
        Assert.Equal([claim, keyed.ExecutionId, InstanceIds.LogChunk(keyed.ExecutionId, 0), InstanceIds.LogChunk(keyed.ExecutionId, 1)], _purged);
        Assert.Empty(_rows);
    }

    [Fact]
    public async Task PurgeAsync_EveryFinishedStatus_IsPurged_ARunningOrDecidedButActiveExecutionIsNeverAskedFor()
    {
        ExecutionRequest completed = Execution("alpha", OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed);
        ExecutionRequest failed = Execution("alpha", OrchestrationRuntimeStatus.Failed, ExecutionStatus.Failed);
        ExecutionRequest cancelled = Execution("alpha", OrchestrationRuntimeStatus.Terminated, status: null);
        ExecutionRequest running = Execution("alpha", OrchestrationRuntimeStatus.Running, status: null, chunks: 1);
        ExecutionRequest timedOut = Execution("alpha", OrchestrationRuntimeStatus.Running, ExecutionStatus.Failed); // waits for late entries
        string runningClaim = Claim("alpha", "order-2", running);

        PurgeReport report = await PurgeAsync(new PurgeQuery(Cutoff));

        Assert.Equal(3, report.Purged);
        Assert.Equal(
            new[] { completed.ExecutionId, failed.ExecutionId, cancelled.ExecutionId }.Order(StringComparer.Ordinal),
            _purged.Order(StringComparer.Ordinal));
        Assert.Contains(running.ExecutionId, _rows.Keys);
        Assert.Contains(InstanceIds.LogChunk(running.ExecutionId, 0), _rows.Keys);
        Assert.Contains(runningClaim, _rows.Keys);
        Assert.Contains(timedOut.ExecutionId, _rows.Keys);
    }

    [Fact]
    public async Task PurgeAsync_Statuses_OnlyThoseNamedArePurged_AndTheKeysOfOthersStay()
    {
        ExecutionRequest completed = Execution("alpha", OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed);
        ExecutionRequest cancelled = Execution("alpha", OrchestrationRuntimeStatus.Terminated, status: null);
        ExecutionRequest decided = Execution("alpha", OrchestrationRuntimeStatus.Terminated, ExecutionStatus.Failed); // a cancel that raced the outcome
        string completedClaim = Claim("alpha", "order-3", completed);

        PurgeReport report = await PurgeAsync(new PurgeQuery(Cutoff, [ExecutionStatus.Cancelled]));

        Assert.Equal(1, report.Purged);
        Assert.Equal([cancelled.ExecutionId], _purged);
        Assert.Contains(completedClaim, _rows.Keys);
        Assert.Contains(decided.ExecutionId, _rows.Keys);
    }

    [Fact]
    public async Task PurgeAsync_WhatFinishedAfterTheCutoff_Stays_EvenIfItStartedBefore()
    {
        ExecutionRequest late = Execution("alpha", OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed, finishedAt: Cutoff.AddMinutes(1));

        PurgeReport report = await PurgeAsync(new PurgeQuery(Cutoff));

        Assert.Equal(0, report.Purged);
        Assert.Empty(_purged);
        Assert.Contains(late.ExecutionId, _rows.Keys);
        Assert.All(_queries, q => Assert.Equal(new DateTimeOffset(Cutoff), q.CreatedTo));
    }

    [Fact]
    public async Task PurgeAsync_Slots_AFreeOneIsPurged_ARunningOneOrOneTakenSinceItWasListedIsNot()
    {
        string free = Slot("alpha", 0, OrchestrationRuntimeStatus.Completed);
        string held = Slot("beta", 0, OrchestrationRuntimeStatus.Running);
        string retaken = Slot("gamma", 0, OrchestrationRuntimeStatus.Completed);
        _client
            .Setup(c => c.GetInstanceAsync(retaken, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Row(ProtocolNames.SlotOrchestrator, retaken, new SlotLease("x", "gamma", 0), OrchestrationRuntimeStatus.Pending, Now, Now));

        PurgeReport report = await PurgeAsync(new PurgeQuery(Cutoff));

        Assert.Equal(1, report.Slots);
        Assert.Equal([free], _purged);
        Assert.Contains(held, _rows.Keys);
        Assert.Contains(retaken, _rows.Keys);
    }

    [Fact]
    public async Task PurgeAsync_LeftBehindByAnInterruptedPurge_ChunksAndClaimsOfAGoneExecutionArePurged()
    {
        ExecutionRequest gone = Requests.Execution("alpha", startedAt: Old);
        string chunk = Add(ProtocolNames.LogArchiveOrchestrator, InstanceIds.LogChunk(gone.ExecutionId, 3), new LogArchiveChunk(gone.ExecutionId, 3, []), OrchestrationRuntimeStatus.Completed);
        string claim = Claim("alpha", "order-4", gone);
        ExecutionRequest kept = Execution("alpha", OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed, chunks: 1, finishedAt: Cutoff.AddDays(1));

        PurgeReport report = await PurgeAsync(new PurgeQuery(Cutoff));

        Assert.Equal(new PurgeReport(0, 1, 1, 0), report);
        Assert.Equal([claim, chunk], _purged);
        Assert.Contains(kept.ExecutionId, _rows.Keys);
        Assert.Contains(InstanceIds.LogChunk(kept.ExecutionId, 0), _rows.Keys);
    }

    [Fact]
    public async Task PurgeAsync_AClaimWhoseExecutionWasNeverCreated_IsPurgedOnlyAfterTheGracePeriod()
    {
        ExecutionRequest never = Requests.Execution("alpha", startedAt: Now);
        string recent = Claim("alpha", "order-5", never, createdAt: Now.AddSeconds(-5));
        ExecutionRequest abandoned = Requests.Execution("alpha", startedAt: Now.AddMinutes(-5));
        string old = Claim("alpha", "order-6", abandoned, createdAt: Now.AddMinutes(-5));

        PurgeReport report = await PurgeAsync(new PurgeQuery(Now));

        Assert.Equal(1, report.KeyClaims);
        Assert.Equal([old], _purged);
        Assert.Contains(recent, _rows.Keys);
    }

    [Fact]
    public async Task PurgeAsync_ManyPages_ReadsThemInBatchesAndPausesOnlyBetweenBatchesThatPurged()
    {
        for (int i = 0; i < 5; i++)
        {
            Execution("alpha", OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed);
        }

        var pauses = new List<TimeSpan>();
        var clock = new RecordingClock(Now, pauses);

        PurgeReport report = await new ExecutionPurger(_client.Object, clock, new TaskExecutionClientOptions(), new RetentionOptions { BatchSize = 2, BatchPause = TimeSpan.FromMilliseconds(7) })
            .PurgeAsync(new PurgeQuery(Cutoff), CancellationToken.None);

        Assert.Equal(5, report.Purged);
        Assert.All(_queries, q => Assert.Equal(2, q.PageSize));
        Assert.Equal([TimeSpan.FromMilliseconds(7), TimeSpan.FromMilliseconds(7)], pauses);
    }

    private Task<PurgeReport> PurgeAsync(PurgeQuery query) =>
        new ExecutionPurger(_client.Object, _clock, new TaskExecutionClientOptions(), new RetentionOptions { BatchPause = TimeSpan.Zero })
            .PurgeAsync(query, CancellationToken.None);

    /// <summary>Adds an execution that started long ago; <paramref name="status"/> is what its orchestrator decided, if anything.</summary>
    private ExecutionRequest Execution(string task, OrchestrationRuntimeStatus runtime, ExecutionStatus? status, int chunks = 0, DateTime? finishedAt = null)
    {
        ExecutionRequest request = Requests.Execution(task, startedAt: Old);
        ExecutionSnapshot snapshot = new(status ?? ExecutionStatus.Running, finishedAt ?? Old.AddMinutes(1), [], chunks * 10, chunks);
        _rows[request.ExecutionId] = Row(ProtocolNames.ExecutionOrchestrator, request.ExecutionId, request, runtime, Old, finishedAt ?? Old.AddMinutes(1), snapshot);
        for (int index = 0; index < chunks; index++)
        {
            Add(ProtocolNames.LogArchiveOrchestrator, InstanceIds.LogChunk(request.ExecutionId, index), new LogArchiveChunk(request.ExecutionId, index, []), OrchestrationRuntimeStatus.Completed);
        }

        return request;
    }

    private string Claim(string task, string key, ExecutionRequest execution, DateTime? createdAt = null)
    {
        string id = InstanceIds.KeyClaim(task, key);
        _rows[id] = Row(ProtocolNames.KeyClaimOrchestrator, id, execution, OrchestrationRuntimeStatus.Completed, createdAt ?? Old, createdAt ?? Old);
        return id;
    }

    private string Slot(string task, int index, OrchestrationRuntimeStatus status) =>
        Add(ProtocolNames.SlotOrchestrator, InstanceIds.Slot(task, index), new SlotLease("x", task, index), status);

    private string Add(string name, string id, object input, OrchestrationRuntimeStatus status)
    {
        _rows[id] = Row(name, id, input, status, Old, Old.AddMinutes(1));
        return id;
    }

    private static OrchestrationMetadata Row(
        string name, string id, object input, OrchestrationRuntimeStatus status, DateTime createdAt, DateTime updatedAt, object? customStatus = null) =>
        new(name, id)
        {
            DataConverter = JsonDataConverter.Default,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(createdAt),
            LastUpdatedAt = new DateTimeOffset(updatedAt),
            SerializedInput = JsonDataConverter.Default.Serialize(input),
            SerializedCustomStatus = customStatus is null ? null : JsonDataConverter.Default.Serialize(customStatus),
        };

    /// <summary>A row as a read returns it: without inputs, the client cannot read its input or custom status.</summary>
    private static OrchestrationMetadata Read(OrchestrationMetadata row, bool inputs) => inputs
        ? row
        : new OrchestrationMetadata(row.Name, row.InstanceId)
        {
            RuntimeStatus = row.RuntimeStatus,
            CreatedAt = row.CreatedAt,
            LastUpdatedAt = row.LastUpdatedAt,
            SerializedCustomStatus = row.SerializedCustomStatus,
        };

    private Page<OrchestrationMetadata> Page(OrchestrationQuery query, string? token)
    {
        _queries.Add(query);
        OrchestrationMetadata[] matching =
        [
            .. _rows.Values.Where(r =>
                (query.InstanceIdPrefix is null || r.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
                && (query.CreatedTo is null || r.CreatedAt <= query.CreatedTo)
                && (query.Statuses is null || query.Statuses.Contains(r.RuntimeStatus))
                && (token is null || string.CompareOrdinal(r.InstanceId, token) > 0)),
        ];
        OrchestrationMetadata[] page = [.. matching.Take(query.PageSize).Select(r => Read(r, query.FetchInputsAndOutputs))];
        return new Page<OrchestrationMetadata>(page, matching.Length > page.Length ? page[^1].InstanceId : null);
    }

    /// <summary>A clock whose timers fire at once and note how long they were set for.</summary>
    private sealed class RecordingClock(DateTime now, List<TimeSpan> delays) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                delays.Add(dueTime);
            }

            return TimeProvider.System.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }
}
