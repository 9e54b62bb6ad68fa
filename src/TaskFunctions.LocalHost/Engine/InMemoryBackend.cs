using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.DurableTask.Testing.Sidecar;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// The in-memory backend: the SDK's in-memory orchestration service with the changes that a service (not only
/// a test) needs. It dispatches as many work items at once as configured, instead of one per processor core;
/// it answers queries from an ordered index of instance ids, like Azure Storage does, so that a prefix query
/// reads only the instances under the prefix, in id order; and a purge, by id or by filter, removes only ended
/// instances and drops them from the index.
/// </summary>
internal sealed class InMemoryBackend : OrchestrationServiceDecorator, IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private readonly InMemoryOrchestrationService _service;
    private readonly int _concurrency;
    private readonly SortedSet<string> _instanceIds = new(StringComparer.Ordinal);
    private readonly Lock _indexLock = new();

    public InMemoryBackend(InMemoryOrchestrationService service, int concurrency)
        : base(service)
    {
        _service = service;
        _concurrency = concurrency;
    }

    public override int MaxConcurrentTaskOrchestrationWorkItems => _concurrency;

    public override int MaxConcurrentTaskActivityWorkItems => _concurrency;

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, null);

    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[]? dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        await _service.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses).ConfigureAwait(false);
        lock (_indexLock)
        {
            _instanceIds.Add(creationMessage.OrchestrationInstance.InstanceId);
        }
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => _service.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => _service.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        _service.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => _service.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        _service.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        _service.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) =>
        _service.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        _service.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        PurgeResult result = await _service.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        if (result.DeletedInstanceCount > 0)
        {
            lock (_indexLock)
            {
                _instanceIds.Remove(instanceId);
            }
        }

        return result;
    }

    /// <summary>
    /// Purges the instances a filter names one by one, as a purge by id does: only ended instances are purged (the
    /// SDK's service would purge running ones too), and the index forgets each purged id.
    /// </summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        string[] ids;
        lock (_indexLock)
        {
            ids = [.. _instanceIds];
        }

        int purged = 0;
        foreach (string id in ids)
        {
            OrchestrationState? state = await _service.GetOrchestrationStateAsync(id, executionId: null!).ConfigureAwait(false);
            bool matches = state is not null
                && state.CreatedTime >= purgeInstanceFilter.CreatedTimeFrom
                && (purgeInstanceFilter.CreatedTimeTo is null || state.CreatedTime <= purgeInstanceFilter.CreatedTimeTo)
                && (purgeInstanceFilter.RuntimeStatus is null || !purgeInstanceFilter.RuntimeStatus.Any() || purgeInstanceFilter.RuntimeStatus.Contains(state.OrchestrationStatus));
            if (matches)
            {
                purged += (await PurgeInstanceStateAsync(id).ConfigureAwait(false)).DeletedInstanceCount;
            }
        }

        return new PurgeResult(purged);
    }

    /// <summary>
    /// Answers a query in instance id order, reading only the ids under the prefix. The continuation token is
    /// the last id returned.
    /// </summary>
    public async Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        string[] candidates;
        lock (_indexLock)
        {
            IEnumerable<string> range = string.IsNullOrEmpty(query.InstanceIdPrefix)
                ? _instanceIds
                : _instanceIds.GetViewBetween(query.InstanceIdPrefix, query.InstanceIdPrefix + char.MaxValue);
            candidates = [.. range.Where(id => query.ContinuationToken is null || string.CompareOrdinal(id, query.ContinuationToken) > 0)];
        }

        List<OrchestrationState> page = [];
        string? token = null;
        foreach (string id in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OrchestrationState? state = await _service.GetOrchestrationStateAsync(id, executionId: null!).ConfigureAwait(false);
            if (state is null || !Matches(state, query))
            {
                continue;
            }

            page.Add(state);
            if (page.Count == query.PageSize)
            {
                token = id;
                break;
            }
        }

        return new OrchestrationQueryResult(page, token);
    }

    private static bool Matches(OrchestrationState state, OrchestrationQuery query) =>
        (query.RuntimeStatus is null || query.RuntimeStatus.Count == 0 || query.RuntimeStatus.Contains(state.OrchestrationStatus))
        && (query.CreatedTimeFrom is null || state.CreatedTime >= query.CreatedTimeFrom)
        && (query.CreatedTimeTo is null || state.CreatedTime <= query.CreatedTimeTo);
}
