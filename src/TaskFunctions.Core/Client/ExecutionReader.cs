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

    /// <summary>
    /// Reads one execution with its whole log, running or finished, or only the entries after a sequence number.
    /// </summary>
    /// <param name="executionId">The execution id, canonical form.</param>
    /// <param name="logsAfter">Serve the entries whose <see cref="LogEntry.Seq"/> is above this (0 for all).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution, or <see langword="null"/> when there is none with that id.</returns>
    public async Task<ExecutionView?> GetAsync(string executionId, int logsAfter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(logsAfter);
        OrchestrationMetadata? instance = await _client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != ProtocolNames.ExecutionOrchestrator)
        {
            return null;
        }

        return await ToViewAsync(instance, logsAfter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lists one task's executions, newest first, a page at a time. The continuation token wraps the provider's
    /// with the task's name; one that was not handed out for this task's list is refused.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The query's continuation token is not one of this task's list.</exception>
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

        string? token = null;
        if (query.ContinuationToken is { } sent && !ListTokens.TryDecode(task.Name, sent, out token))
        {
            throw new ArgumentException($"The continuation token was not handed out for the list of '{task.Name}'.", nameof(query));
        }

        List<ExecutionView> items = [];
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

                ExecutionView view = await ToViewAsync(instance, logsAfter: null, cancellationToken).ConfigureAwait(false);
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

        return new ExecutionPage(items, string.IsNullOrEmpty(token) ? null : ListTokens.Encode(task.Name, token));
    }

    private async Task<Page<OrchestrationMetadata>?> FirstPageAsync(OrchestrationQuery filter, string? token)
    {
        await foreach (Page<OrchestrationMetadata> page in _client.GetAllInstancesAsync(filter).AsPages(token, filter.PageSize).ConfigureAwait(false))
        {
            return page;
        }

        return null;
    }

    /// <summary>
    /// Makes the view of an execution. With <paramref name="logsAfter"/> (a status read) the log is served whole
    /// from that entry on, archived chunks included, and contiguous: when a chunk of a running execution is still
    /// being stored, the answer stops before it (<see cref="ExecutionView.LogCount"/> says how many there are).
    /// Without it (a list item), only the entries in the custom status are served.
    /// </summary>
    private async Task<ExecutionView> ToViewAsync(OrchestrationMetadata instance, int? logsAfter, CancellationToken cancellationToken)
    {
        ExecutionRequest request = instance.ReadInputAs<ExecutionRequest>()
            ?? throw new InvalidOperationException($"Execution {instance.InstanceId} has no input.");
        ExecutionSnapshot? snapshot = instance.ReadCustomStatusAs<ExecutionSnapshot>();
        ExecutionStatus status = ExecutionStatuses.From(instance.RuntimeStatus, snapshot);
        DateTime? finishedAt = snapshot?.FinishedAt;
        int archived = snapshot?.ArchivedLogCount ?? 0;

        // The log as the engine holds it: archived entries (read only when asked for), the tail in the custom
        // status, and for an instance the engine ended on its own, the entry that says so.
        List<LogEntry> tail = [.. snapshot?.Logs ?? []];
        DateTime lastUpdated = instance.LastUpdatedAt.UtcDateTime;
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Terminated && !ExecutionStatuses.IsDecided(snapshot))
        {
            finishedAt = lastUpdated;
            tail.Add(new LogEntry(lastUpdated, TaskLogLevel.Warn, LogMessages.Cancelled));
        }
        else if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed && !ExecutionStatuses.IsDecided(snapshot))
        {
            // The orchestration failed outside the execution's own error handling (for example, it could not start).
            finishedAt = lastUpdated;
            var data = new { type = instance.FailureDetails?.ErrorType, message = instance.FailureDetails?.ErrorMessage };
            tail.Add(new LogEntry(lastUpdated, TaskLogLevel.Error, LogMessages.Failed, JsonSerializer.SerializeToElement(data, TaskFunctionsJson.Options)));
        }
        else if (finishedAt is null && !ExecutionStatuses.IsActive(instance.RuntimeStatus))
        {
            finishedAt = lastUpdated;
        }

        int logCount = archived + tail.Count;
        List<LogEntry> logs = [];
        int omitted = 0;
        bool tailReachable = true;
        if (logsAfter is not int after)
        {
            omitted = archived;
        }
        else if (after < archived && snapshot is { ArchiveChunkCount: > 0 })
        {
            IReadOnlyList<LogEntry>?[] chunks = await LogArchive.ReadAsync(
                _client, request.ExecutionId, snapshot.ArchiveChunkCount, _options.MaxParallelCalls, cancellationToken).ConfigureAwait(false);
            (List<LogEntry> older, bool whole) = LogArchive.Join(chunks);
            logs.AddRange(Numbered(older, 1).Skip(after));

            // A chunk of a running execution may still be being stored: stop before it, the next read has it. A
            // finished execution's chunks are all stored unless storing failed: serve the rest, its seq shows the gap.
            tailReachable = whole || status != ExecutionStatus.Running;
            omitted = tailReachable && !whole ? archived - Math.Max(older.Count, after) : 0;
        }

        if (tailReachable)
        {
            logs.AddRange(Numbered(tail, archived + 1).Where(e => e.Seq > (logsAfter ?? 0)));
        }

        return new ExecutionView(request.ExecutionId, request.TaskName, request.Trigger, status, request.StartedAt, finishedAt, logs, omitted, logCount, request.ReplayOf);
    }

    private static IEnumerable<LogEntry> Numbered(IEnumerable<LogEntry> entries, int first) =>
        entries.Select((entry, index) => entry with { Seq = first + index });
}
