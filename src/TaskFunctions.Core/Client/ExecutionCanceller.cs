using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// Cancels executions: terminates each instance, frees its concurrency slot, and waits until the engine reports
/// it terminated, so that an execution reads cancelled as soon as the cancel call returns. An attempt running in
/// this process has its token cancelled at once (<see cref="LocalCancellation"/>); one on another host notices
/// the termination within a poll of its worker.
/// </summary>
internal sealed class ExecutionCanceller
{
    private readonly DurableTaskClient _client;
    private readonly TaskCatalog _catalog;
    private readonly LocalCancellation _local;
    private readonly TaskExecutionClientOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ExecutionCanceller"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="local">The attempts running in this process.</param>
    /// <param name="options">The client's timings.</param>
    public ExecutionCanceller(DurableTaskClient client, TaskCatalog catalog, LocalCancellation local, TaskExecutionClientOptions options)
    {
        _options = options;
        _client = client;
        _catalog = catalog;
        _local = local;
    }

    /// <summary>Cancels executions by id.</summary>
    /// <param name="executionIds">Canonical execution ids, without duplicates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Which ids were cancelled, not found, or not running.</returns>
    public async Task<CancelByIdsResult> CancelByIdsAsync(IReadOnlyList<string> executionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionIds);
        var found = new ConcurrentDictionary<string, OrchestrationMetadata?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(executionIds, Parallelism(cancellationToken), async (id, token) =>
            found[id] = await _client.GetInstanceAsync(id, getInputsAndOutputs: true, token).ConfigureAwait(false)).ConfigureAwait(false);

        List<string> cancelled = [], notFound = [], notRunning = [];
        foreach (string id in executionIds)
        {
            OrchestrationMetadata? instance = found[id];
            List<string> list = instance is null || instance.Name != ProtocolNames.ExecutionOrchestrator ? notFound
                : IsUndecided(instance) ? cancelled
                : notRunning;
            list.Add(id);
        }

        await CancelAllOfAsync(cancelled, cancellationToken).ConfigureAwait(false);
        return new CancelByIdsResult(cancelled, notFound, notRunning);
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
            if (_catalog.TryGet(name, out TaskDefinition? task))
            {
                cancelled.AddRange(await FindActiveAsync(ExecutionIds.TaskPrefix(task.Name), task.Name, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                notFound.Add(name);
            }
        }

        await CancelAllOfAsync(cancelled, cancellationToken).ConfigureAwait(false);
        return new CancelByTaskNamesResult(cancelled, notFound);
    }

    /// <summary>Cancels every running execution.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many executions were cancelled.</returns>
    public async Task<CancelAllResult> CancelAllAsync(CancellationToken cancellationToken)
    {
        List<string> active = await FindActiveAsync(prefix: null, taskName: null, cancellationToken).ConfigureAwait(false);
        await CancelAllOfAsync(active, cancellationToken).ConfigureAwait(false);
        return new CancelAllResult(active.Count);
    }

    private async Task<List<string>> FindActiveAsync(string? prefix, string? taskName, CancellationToken cancellationToken)
    {
        var filter = new OrchestrationQuery(
            Statuses: ExecutionStatuses.Active,
            InstanceIdPrefix: prefix,
            PageSize: 500,
            FetchInputsAndOutputs: true);
        List<string> ids = [];
        await foreach (OrchestrationMetadata instance in _client.GetAllInstancesAsync(filter).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.Name == ProtocolNames.ExecutionOrchestrator
                && IsUndecided(instance)
                && (taskName is null || instance.ReadInputAs<ExecutionRequest>()?.TaskName == taskName))
            {
                ids.Add(instance.InstanceId);
            }
        }

        return ids;
    }

    /// <summary>
    /// Tells whether an execution can still be cancelled: it reads running. One whose orchestrator has decided its
    /// outcome (completed, or failed at its deadline while the orchestration still waits for a stubborn handler's
    /// late entries) keeps that outcome; its orchestration ends and frees its slot by itself.
    /// </summary>
    private static bool IsUndecided(OrchestrationMetadata instance) =>
        ExecutionStatuses.From(instance.RuntimeStatus, instance.ReadCustomStatusAs<ExecutionSnapshot>()) == ExecutionStatus.Running;

    private Task CancelAllOfAsync(IEnumerable<string> executionIds, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(executionIds, Parallelism(cancellationToken), async (id, token) =>
        {
            await _client.TerminateInstanceAsync(id, new TerminateInstanceOptions(Output: LogMessages.Cancelled), token).ConfigureAwait(false);
            Telemetry.ExecutionTelemetry.ExecutionCancelled(ExecutionIds.TaskOf(id, _catalog.Tasks.Select(t => t.Name)));
            _local.Cancel(id);
            await ReleaseSlotAsync(id, token).ConfigureAwait(false);
            await WaitUntilStoppedAsync(id, token).ConfigureAwait(false);
        });

    /// <summary>A terminated execution never reaches its own end, where it releases its slot and leaves its queue: do it here.</summary>
    private async Task ReleaseSlotAsync(string executionId, CancellationToken cancellationToken)
    {
        if (ExecutionIds.TaskOf(executionId, _catalog.Tasks.Select(t => t.Name)) is not { } taskName
            || !_catalog.TryGet(taskName, out TaskDefinition? task)
            || task.ConcurrencyLimit is not int limit)
        {
            return;
        }

        if (task.Queue is not null)
        {
            // Its place in the queue, or its turn, goes to the next execution.
            await _client.RaiseEventAsync(InstanceIds.Queue(task.Name), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Leave, executionId), cancellationToken).ConfigureAwait(false);
        }

        for (int index = 0; index < limit + (task.Queue?.Capacity ?? 0); index++)
        {
            SlotLease? lease = await SlotLeases.ReadAsync(_client, task.Name, index, cancellationToken).ConfigureAwait(false);
            if (lease?.ExecutionId == executionId)
            {
                // The slot ignores a release that names another execution, so a slot taken again meanwhile is safe.
                await _client.RaiseEventAsync(InstanceIds.Slot(task.Name, index), ProtocolNames.ReleaseSlotEvent, executionId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitUntilStoppedAsync(string executionId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CancelConfirmTimeout);
        try
        {
            while (await _client.GetInstanceAsync(executionId, getInputsAndOutputs: false, timeout.Token).ConfigureAwait(false) is { } instance
                && ExecutionStatuses.IsActive(instance.RuntimeStatus))
            {
                await Task.Delay(_options.PollInterval, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine is slow to apply the termination; it will, and the execution then reads cancelled.
        }
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = _options.MaxParallelCalls, CancellationToken = cancellationToken };
}
