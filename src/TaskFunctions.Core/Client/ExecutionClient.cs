using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Middleware;
using TaskFunctions.Orchestration;
using TaskFunctions.Serialization;

namespace TaskFunctions.Client;

/// <summary>
/// Starts, reads, lists and cancels executions through a <see cref="DurableTaskClient"/>: one orchestration
/// instance per execution, instance id = execution id. Used by the HTTP API on every host.
/// </summary>
public sealed class ExecutionClient
{
    private const int MaxParallelCalls = 16;
    private const int MaxPagesPerList = 10;

    private readonly DurableTaskClient _client;
    private readonly TaskCatalog _catalog;
    private readonly MiddlewarePipeline _pipeline;
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="ExecutionClient"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="pipeline">The middleware pipeline, which decides each execution's plan.</param>
    /// <param name="clock">The clock.</param>
    public ExecutionClient(DurableTaskClient client, TaskCatalog catalog, MiddlewarePipeline pipeline, TimeProvider clock)
    {
        _client = client;
        _catalog = catalog;
        _pipeline = pipeline;
        _clock = clock;
    }

    /// <summary>Schedules a new execution and returns at once, before the task runs.</summary>
    /// <param name="task">The task.</param>
    /// <param name="trigger">How the execution is started.</param>
    /// <param name="parameters">The <c>params</c> object, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accepted execution.</returns>
    public async Task<ExecutionAccepted> StartAsync(TaskDefinition task, TriggerKind trigger, JsonElement? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        string executionId = ExecutionIds.New(task.Name, now);
        var request = new ExecutionRequest(executionId, task.Name, trigger, parameters, now, task.TimeoutMs, _pipeline.PlanFor(task.Name));
        await _client.ScheduleNewOrchestrationInstanceAsync(
            ExecutionOrchestrator.Name,
            request,
            new StartOrchestrationOptions(executionId),
            cancellationToken).ConfigureAwait(false);
        return new ExecutionAccepted(executionId, task.Name, trigger, ExecutionStatus.Running, now);
    }

    /// <summary>Reads one execution. A finished execution comes with its whole log.</summary>
    /// <param name="executionId">The execution id, canonical form.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution, or <see langword="null"/> when there is none with that id.</returns>
    public async Task<ExecutionView?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await _client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != ExecutionOrchestrator.Name)
        {
            return null;
        }

        return await ToViewAsync(instance, fullLog: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists one task's executions, newest first, a page at a time.</summary>
    /// <param name="task">The task.</param>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public async Task<ExecutionPage> ListAsync(TaskDefinition task, ExecutionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(query);
        var filter = new OrchestrationQuery(
            CreatedFrom: query.From,
            CreatedTo: query.To,
            Statuses: query.Status is { } status ? ExecutionStatuses.RuntimeStatusesOf(status) : null,
            InstanceIdPrefix: ExecutionIds.TaskPrefix(task.Name),
            PageSize: query.Limit,
            FetchInputsAndOutputs: true);

        List<ExecutionView> items = [];
        string? token = query.ContinuationToken;
        for (int pages = 0; pages < MaxPagesPerList; pages++)
        {
            Page<OrchestrationMetadata>? page = await FirstPageAsync(filter with { ContinuationToken = token }, token).ConfigureAwait(false);
            token = page?.ContinuationToken;
            foreach (OrchestrationMetadata instance in page?.Values ?? [])
            {
                if (instance.Name != ExecutionOrchestrator.Name)
                {
                    continue;
                }

                ExecutionView view = await ToViewAsync(instance, fullLog: false, cancellationToken).ConfigureAwait(false);
                if (view.TaskName == task.Name && (query.Status is null || view.Status == query.Status))
                {
                    items.Add(view);
                }
            }

            // A backend page may hold fewer items than asked for; move on only when this one gave nothing.
            if (items.Count > 0 || string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return new ExecutionPage(items, string.IsNullOrEmpty(token) ? null : token);
    }

    /// <summary>Cancels executions by id.</summary>
    /// <param name="executionIds">Canonical execution ids, without duplicates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Which ids were cancelled, not found, or not running.</returns>
    public async Task<CancelByIdsResult> CancelByIdsAsync(IReadOnlyList<string> executionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionIds);
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            executionIds,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCalls, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                OrchestrationMetadata? instance = await _client.GetInstanceAsync(id, getInputsAndOutputs: false, token).ConfigureAwait(false);
                if (instance is null || instance.Name != ExecutionOrchestrator.Name)
                {
                    outcomes[id] = 0;
                }
                else if (!ExecutionStatuses.IsActive(instance.RuntimeStatus))
                {
                    outcomes[id] = 1;
                }
                else
                {
                    await TerminateAsync(id, token).ConfigureAwait(false);
                    outcomes[id] = 2;
                }
            }).ConfigureAwait(false);

        return new CancelByIdsResult(
            [.. executionIds.Where(id => outcomes[id] == 2)],
            [.. executionIds.Where(id => outcomes[id] == 0)],
            [.. executionIds.Where(id => outcomes[id] == 1)]);
    }

    /// <summary>Cancels every running execution of the named tasks.</summary>
    /// <param name="taskNames">Task names, without duplicates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancelled execution ids and the names that are not tasks.</returns>
    public async Task<CancelByTaskNamesResult> CancelByTaskNamesAsync(IReadOnlyList<string> taskNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskNames);
        List<string> cancelled = [];
        List<string> notFound = [];
        foreach (string name in taskNames)
        {
            if (!_catalog.TryGet(name, out TaskDefinition? task))
            {
                notFound.Add(name);
                continue;
            }

            List<string> active = await FindActiveAsync(ExecutionIds.TaskPrefix(task.Name), task.Name, cancellationToken).ConfigureAwait(false);
            await TerminateAllAsync(active, cancellationToken).ConfigureAwait(false);
            cancelled.AddRange(active);
        }

        return new CancelByTaskNamesResult(cancelled, notFound);
    }

    /// <summary>Cancels every running execution.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many executions were cancelled.</returns>
    public async Task<CancelAllResult> CancelAllAsync(CancellationToken cancellationToken)
    {
        List<string> active = await FindActiveAsync(prefix: null, taskName: null, cancellationToken).ConfigureAwait(false);
        await TerminateAllAsync(active, cancellationToken).ConfigureAwait(false);
        return new CancelAllResult(active.Count);
    }

    private async Task<List<string>> FindActiveAsync(string? prefix, string? taskName, CancellationToken cancellationToken)
    {
        var filter = new OrchestrationQuery(
            Statuses: ExecutionStatuses.Active,
            InstanceIdPrefix: prefix,
            PageSize: 500,
            FetchInputsAndOutputs: taskName is not null);
        List<string> ids = [];
        await foreach (OrchestrationMetadata instance in _client.GetAllInstancesAsync(filter).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.Name == ExecutionOrchestrator.Name
                && (taskName is null || instance.ReadInputAs<ExecutionRequest>()?.TaskName == taskName))
            {
                ids.Add(instance.InstanceId);
            }
        }

        return ids;
    }

    private Task TerminateAllAsync(IEnumerable<string> executionIds, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            executionIds,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCalls, CancellationToken = cancellationToken },
            async (id, token) => await TerminateAsync(id, token).ConfigureAwait(false));

    private Task TerminateAsync(string executionId, CancellationToken cancellationToken) =>
        _client.TerminateInstanceAsync(executionId, new TerminateInstanceOptions(Output: LogMessages.Cancelled), cancellationToken);

    private async Task<Page<OrchestrationMetadata>?> FirstPageAsync(OrchestrationQuery filter, string? token)
    {
        await foreach (Page<OrchestrationMetadata> page in _client.GetAllInstancesAsync(filter).AsPages(token, filter.PageSize).ConfigureAwait(false))
        {
            return page;
        }

        return null;
    }

    private async Task<ExecutionView> ToViewAsync(OrchestrationMetadata instance, bool fullLog, CancellationToken cancellationToken)
    {
        ExecutionRequest request = instance.ReadInputAs<ExecutionRequest>()
            ?? throw new InvalidOperationException($"Execution {instance.InstanceId} has no input.");
        ExecutionSnapshot? snapshot = instance.ReadCustomStatusAs<ExecutionSnapshot>();
        ExecutionStatus status = ExecutionStatuses.From(instance.RuntimeStatus, snapshot);
        DateTime? finishedAt = snapshot?.FinishedAt;

        List<LogEntry> logs = [];
        int omitted = snapshot?.ArchivedLogCount ?? 0;
        if (fullLog && status != ExecutionStatus.Running && snapshot is { ArchiveChunkCount: > 0 })
        {
            // Serve the archived entries only when every chunk is stored; until then the count says what is left out.
            IReadOnlyList<LogEntry>? archived = await ReadArchiveAsync(request.ExecutionId, snapshot.ArchiveChunkCount, cancellationToken).ConfigureAwait(false);
            if (archived is not null)
            {
                logs.AddRange(archived);
                omitted = 0;
            }
        }

        logs.AddRange(snapshot?.Logs ?? []);

        DateTime lastUpdated = instance.LastUpdatedAt.UtcDateTime;
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Terminated)
        {
            finishedAt = lastUpdated;
            logs.Add(new LogEntry(lastUpdated, TaskLogLevel.Warn, LogMessages.Cancelled));
        }
        else if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && snapshot?.Status != ExecutionStatus.Failed)
        {
            // The orchestration failed outside the execution's own error handling (for example, it could not start).
            finishedAt = lastUpdated;
            var data = new { type = instance.FailureDetails?.ErrorType, message = instance.FailureDetails?.ErrorMessage };
            logs.Add(new LogEntry(lastUpdated, TaskLogLevel.Error, LogMessages.Failed, JsonSerializer.SerializeToElement(data, TaskFunctionsJson.Options)));
        }
        else if (finishedAt is null && !ExecutionStatuses.IsActive(instance.RuntimeStatus))
        {
            finishedAt = lastUpdated;
        }

        return new ExecutionView(request.ExecutionId, request.TaskName, request.Trigger, status, request.StartedAt, finishedAt, logs, omitted);
    }

    private async Task<IReadOnlyList<LogEntry>?> ReadArchiveAsync(string executionId, int chunkCount, CancellationToken cancellationToken)
    {
        var chunks = new LogArchiveChunk?[chunkCount];
        await Parallel.ForAsync(
            0,
            chunkCount,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelCalls, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                string chunkId = ExecutionLogArchive.ChunkInstanceId(executionId, index);
                OrchestrationMetadata? chunk = await _client.GetInstanceAsync(chunkId, getInputsAndOutputs: true, token).ConfigureAwait(false);
                chunks[index] = chunk?.ReadInputAs<LogArchiveChunk>();
            }).ConfigureAwait(false);

        return chunks.Any(c => c is null) ? null : [.. chunks.SelectMany(c => c!.Entries)];
    }
}
