using Microsoft.DurableTask;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The concurrency limit of a task, kept by the engine itself: slot <c>k</c> of a task is an orchestration
/// instance with a fixed id (<see cref="InstanceIds.Slot"/>) that runs while an execution holds it. Starting an
/// instance whose id is already running is refused atomically by the storage provider, so of many simultaneous
/// starts exactly one gets a slot. The execution releases its slot when it ends; a cancel releases it too; and a
/// start that finds a slot held by an execution that has ended frees it. The slot sets no timer: it costs one
/// instance, two episodes and no delayed message.
/// </summary>
internal static class ConcurrencySlots
{
    /// <summary>The slot orchestrator: runs until its execution releases it.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="lease">The lease.</param>
    /// <returns>"released".</returns>
    public static async Task<string> RunAsync(TaskOrchestrationContext context, SlotLease lease)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        while (await context.WaitForExternalEvent<string>(ProtocolNames.ReleaseSlotEvent) != lease.ExecutionId)
        {
            // A late release from an earlier holder of this slot is ignored.
        }

        return "released";
    }
}
