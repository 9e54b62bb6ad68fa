using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>The concurrency slots of a start: taking one, giving it back, freeing one whose execution has ended.</summary>
internal sealed partial class ExecutionStarter
{
    /// <summary>Gives back a slot this start took for an execution it will not create.</summary>
    private async Task ReleaseSlotAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        if (request.SlotIndex is int index)
        {
            await _client.RaiseEventAsync(InstanceIds.Slot(request.TaskName, index), ProtocolNames.ReleaseSlotEvent, request.ExecutionId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int?> TakeSlotAsync(TaskDefinition task, ExecutionRequest request, int limit, CancellationToken cancellationToken)
    {
        for (int index = 0; index < limit; index++)
        {
            var lease = new SlotLease(request.ExecutionId, task.Name, index);
            SlotLease? holder = await TryTakeAsync(lease, cancellationToken).ConfigureAwait(false);
            if (holder is not null && holder.ExecutionId != request.ExecutionId && await FreeIfStaleAsync(task, holder, cancellationToken).ConfigureAwait(false))
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

            await Task.Delay(_options.PollInterval, _clock, cancellationToken).ConfigureAwait(false);
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
    private async Task<bool> FreeIfStaleAsync(TaskDefinition task, SlotLease holder, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? execution = await _client.GetInstanceAsync(holder.ExecutionId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        string slotId = InstanceIds.Slot(holder.TaskName, holder.Index);
        if (execution is null)
        {
            OrchestrationMetadata? slot = await _client.GetInstanceAsync(slotId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (slot is null || _clock.GetUtcNow() - slot.CreatedAt < _options.SlotStartGracePeriod)
            {
                return false;
            }
        }
        else if (ExecutionStatuses.IsActive(execution.RuntimeStatus))
        {
            return false;
        }

        if (task.Queue is not null)
        {
            await LeaveQueueAsync(task.Name, holder.ExecutionId, cancellationToken).ConfigureAwait(false);
        }

        await _client.RaiseEventAsync(slotId, ProtocolNames.ReleaseSlotEvent, holder.ExecutionId, cancellationToken).ConfigureAwait(false);
        DateTimeOffset giveUp = _clock.GetUtcNow() + _options.SlotReleaseWait;
        while ((await SlotLeases.ReadAsync(_client, holder.TaskName, holder.Index, cancellationToken).ConfigureAwait(false))?.ExecutionId == holder.ExecutionId)
        {
            if (_clock.GetUtcNow() > giveUp)
            {
                return false;
            }

            await Task.Delay(_options.PollInterval, _clock, cancellationToken).ConfigureAwait(false);
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
}
