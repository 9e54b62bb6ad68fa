using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// Starts executions: one orchestration instance each, instance id = execution id. With an idempotency key the
/// start is safe to repeat (a claim instance, <see cref="InstanceIds.KeyClaim"/>); for a task with a concurrency limit the execution
/// first takes a slot (a slot instance, <see cref="InstanceIds.Slot"/>). Both rest on the engine creating an instance id once.
/// </summary>
public sealed class ExecutionStarter
{
    private static readonly OrchestrationRuntimeStatus[] Never = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    /// <summary>How long a slot may wait for its execution to be created before it counts as abandoned.</summary>
    private static readonly TimeSpan SlotStartGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>How long a start waits for a finished execution's release to reach its slot.</summary>
    private static readonly TimeSpan SlotReleaseWait = TimeSpan.FromSeconds(10);

    private readonly DurableTaskClient _client;
    private readonly MiddlewarePipeline _pipeline;
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="ExecutionStarter"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="pipeline">The middleware pipeline, which decides each execution's plan.</param>
    /// <param name="clock">The clock.</param>
    public ExecutionStarter(DurableTaskClient client, MiddlewarePipeline pipeline, TimeProvider clock)
    {
        _client = client;
        _pipeline = pipeline;
        _clock = clock;
    }

    /// <summary>Schedules an execution and returns at once, before the task runs.</summary>
    /// <param name="task">The task.</param>
    /// <param name="start">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new execution, the existing one for a repeated key, or a conflict.</returns>
    public async Task<StartResult> StartAsync(TaskDefinition task, StartRequest start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(start);
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        string executionId = ExecutionIds.New(task.Name, now);
        var request = new ExecutionRequest(
            executionId, task.Name, start.Trigger, start.Params, now, start.TimeoutMs ?? task.TimeoutMs, _pipeline.PlanFor(task.Name), task.Retry);

        bool repeat = false;
        if (start.IdempotencyKey is { } key)
        {
            request = await ClaimKeyAsync(task, key, request, cancellationToken).ConfigureAwait(false);
            repeat = request.ExecutionId != executionId;
            if (repeat && await _client.GetInstanceAsync(request.ExecutionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                ExecutionStatus status = ExecutionStatuses.From(existing.RuntimeStatus, existing.ReadCustomStatusAs<ExecutionSnapshot>());
                return StartResult.Existing(Accepted(request, status));
            }

            // Otherwise the first request has not started it yet (or could not): start the claimed execution here.
        }

        if (task.ConcurrencyLimit is int limit)
        {
            int? slot = await TakeSlotAsync(task, request, limit, cancellationToken).ConfigureAwait(false);
            if (slot is null)
            {
                return StartResult.Conflict(await SlotHoldersAsync(task.Name, limit, cancellationToken).ConfigureAwait(false));
            }

            request = request with { SlotIndex = slot };
        }

        // A new execution id is unique (time and 48 random bits): it is created as the raw engine creates any
        // instance. Only an execution claimed by a key can be created twice, by concurrent repeats.
        await CreateAsync(ProtocolNames.ExecutionOrchestrator, request.ExecutionId, request, repeat || start.IdempotencyKey is not null ? Never : null, cancellationToken).ConfigureAwait(false);
        return repeat ? StartResult.Existing(Accepted(request)) : StartResult.Accepted(Accepted(request));
    }

    private async Task<ExecutionRequest> ClaimKeyAsync(TaskDefinition task, string key, ExecutionRequest request, CancellationToken cancellationToken)
    {
        string claimId = InstanceIds.KeyClaim(task.Name, key);
        await CreateAsync(ProtocolNames.KeyClaimOrchestrator, claimId, request, Never, cancellationToken).ConfigureAwait(false);

        // Whoever created the claim first, every caller reads the same one.
        OrchestrationMetadata? claim = await _client.GetInstanceAsync(claimId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return claim?.ReadInputAs<ExecutionRequest>() ?? throw new InvalidOperationException($"The idempotency claim {claimId} could not be read back.");
    }

    private async Task<int?> TakeSlotAsync(TaskDefinition task, ExecutionRequest request, int limit, CancellationToken cancellationToken)
    {
        for (int index = 0; index < limit; index++)
        {
            var lease = new SlotLease(request.ExecutionId, task.Name, index);
            SlotLease? holder = await TryTakeAsync(lease, cancellationToken).ConfigureAwait(false);
            if (holder is not null && holder.ExecutionId != request.ExecutionId && await FreeIfStaleAsync(holder, cancellationToken).ConfigureAwait(false))
            {
                holder = await TryTakeAsync(lease, cancellationToken).ConfigureAwait(false);
            }

            if (holder?.ExecutionId == request.ExecutionId)
            {
                return index;
            }
        }

        return null;
    }

    /// <summary>Creates the slot's instance unless it runs, then reads back who holds it.</summary>
    private async Task<SlotLease?> TryTakeAsync(SlotLease lease, CancellationToken cancellationToken)
    {
        // A slot that is running belongs to someone; a finished one may be taken again. A create that loses a
        // race with another write of the slot can be dropped without an error, so a slot read back free is
        // tried again.
        string slotId = InstanceIds.Slot(lease.TaskName, lease.Index);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await CreateAsync(ProtocolNames.SlotOrchestrator, slotId, lease, [.. ExecutionStatuses.Active], cancellationToken).ConfigureAwait(false);
            if (await SlotLeases.ReadAsync(_client, lease.TaskName, lease.Index, cancellationToken).ConfigureAwait(false) is { } holder)
            {
                return holder;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _clock, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// Frees a slot whose execution is no longer running in the engine: its release may still be on the way, or
    /// lost (say the instance was terminated outside this API). The slot is sent a release naming that execution,
    /// which it ignores if it has been taken by another meanwhile, so racing starts cannot free each other's slot.
    /// A slot whose execution does not exist yet is left alone unless it is older than its grace period.
    /// </summary>
    /// <returns>Whether the slot no longer names that execution.</returns>
    private async Task<bool> FreeIfStaleAsync(SlotLease holder, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? execution = await _client.GetInstanceAsync(holder.ExecutionId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        string slotId = InstanceIds.Slot(holder.TaskName, holder.Index);
        if (execution is null)
        {
            OrchestrationMetadata? slot = await _client.GetInstanceAsync(slotId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (slot is null || _clock.GetUtcNow() - slot.CreatedAt < SlotStartGracePeriod)
            {
                return false;
            }
        }
        else if (ExecutionStatuses.IsActive(execution.RuntimeStatus))
        {
            return false;
        }

        await _client.RaiseEventAsync(slotId, ProtocolNames.ReleaseSlotEvent, holder.ExecutionId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset giveUp = _clock.GetUtcNow() + SlotReleaseWait;
        while ((await SlotLeases.ReadAsync(_client, holder.TaskName, holder.Index, cancellationToken).ConfigureAwait(false))?.ExecutionId == holder.ExecutionId)
        {
            if (_clock.GetUtcNow() > giveUp)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _clock, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<IReadOnlyList<string>> SlotHoldersAsync(string taskName, int limit, CancellationToken cancellationToken)
    {
        List<string> holders = [];
        for (int index = 0; index < limit; index++)
        {
            if (await SlotLeases.ReadAsync(_client, taskName, index, cancellationToken).ConfigureAwait(false) is { } lease)
            {
                holders.Add(lease.ExecutionId);
            }
        }

        return holders;
    }

    /// <summary>
    /// Creates an instance unless one with the id is in a refused status. A refusal is not an error: callers read
    /// the instance back to learn who created it (some providers refuse a concurrent create without telling).
    /// </summary>
    private async Task CreateAsync(string orchestrator, string instanceId, object input, OrchestrationRuntimeStatus[]? refuseIfIn, CancellationToken cancellationToken)
    {
        var options = new StartOrchestrationOptions(instanceId);
        try
        {
            await _client.ScheduleNewOrchestrationInstanceAsync(
                orchestrator,
                input,
                refuseIfIn is null ? options : options.WithDedupeStatuses(refuseIfIn),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Someone else created it first.
        }
    }

    private static ExecutionAccepted Accepted(ExecutionRequest request, ExecutionStatus status = ExecutionStatus.Running) =>
        new(request.ExecutionId, request.TaskName, request.Trigger, status, request.StartedAt);
}
