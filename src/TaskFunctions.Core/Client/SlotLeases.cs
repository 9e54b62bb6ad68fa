using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>Reads who holds a task's concurrency slots.</summary>
internal static class SlotLeases
{
    /// <summary>Reads the lease of a slot that is taken.</summary>
    /// <param name="client">The durable client.</param>
    /// <param name="taskName">The task.</param>
    /// <param name="index">The slot.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lease, or <see langword="null"/> for a free slot.</returns>
    public static async Task<SlotLease?> ReadAsync(DurableTaskClient client, string taskName, int index, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? slot = await client
            .GetInstanceAsync(InstanceIds.Slot(taskName, index), getInputsAndOutputs: true, cancellationToken)
            .ConfigureAwait(false);
        return slot is not null && ExecutionStatuses.IsActive(slot.RuntimeStatus) ? slot.ReadInputAs<SlotLease>() : null;
    }
}
