using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Serialization;

namespace TaskFunctions.Client;

/// <summary>
/// Reads executions through a <see cref="DurableTaskClient"/>: one execution from its instance (status, custom
/// status, and once finished the archived log), and a task's executions from a prefix query of instance ids.
/// </summary>
internal sealed class ExecutionReader
{
    private readonly DurableTaskClient _client;
    private readonly TaskExecutionClientOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ExecutionReader"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="options">The client's paging knobs.</param>
    public ExecutionReader(DurableTaskClient client, TaskExecutionClientOptions options)
    {
        _client = client;
        _options = options;
    }

    /// <summary>Reads one execution. A finished execution comes with its whole log.</summary>
    /// <param name="executionId">The execution id, canonical form.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution, or <see langword="null"/> when there is none with that id.</returns>
    public async Task<ExecutionView?> GetAsync(string executionId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await _client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != ProtocolNames.ExecutionOrchestrator)
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
        for (int pages = 0; pages < _options.MaxPagesPerList; pages++)
        {
            Page<OrchestrationMetadata>? page = await FirstPageAsync(filter with { ContinuationToken = token }, token).ConfigureAwait(false);
            token = page?.ContinuationToken;
            foreach (OrchestrationMetadata instance in page?.Values ?? [])
            {
                if (instance.Name != ProtocolNames.ExecutionOrchestrator)
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
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Terminated && !ExecutionStatuses.IsDecided(snapshot))
        {
            finishedAt = lastUpdated;
            logs.Add(new LogEntry(lastUpdated, TaskLogLevel.Warn, LogMessages.Cancelled));
        }
        else if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && !ExecutionStatuses.IsDecided(snapshot))
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
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelCalls, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                string chunkId = InstanceIds.LogChunk(executionId, index);
                OrchestrationMetadata? chunk = await _client.GetInstanceAsync(chunkId, getInputsAndOutputs: true, token).ConfigureAwait(false);
                chunks[index] = chunk?.ReadInputAs<LogArchiveChunk>();
            }).ConfigureAwait(false);

        return chunks.Any(c => c is null) ? null : [.. chunks.SelectMany(c => c!.Entries)];
    }
}
