using Microsoft.DurableTask;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>Registers the orchestrators and activities of TaskFunctions with a Durable Task worker.</summary>
public static class DurableTaskRegistryExtensions
{
    /// <summary>Adds the orchestrators (execution, log archive, concurrency slot, task queue, idempotency key) and the activities (attempt, log archive).</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static DurableTaskRegistry AddTaskFunctionsTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<ExecutionRequest, ExecutionOutcome>(ProtocolNames.ExecutionOrchestrator, ExecutionOrchestrator.RunAsync);
        registry.AddOrchestratorFunc<LogArchiveChunk, int>(ProtocolNames.LogArchiveOrchestrator, ExecutionLogArchive.RunAsync);
        registry.AddOrchestratorFunc<SlotLease, string>(ProtocolNames.SlotOrchestrator, ConcurrencySlots.RunAsync);
        registry.AddOrchestratorFunc<TaskQueueState, string>(ProtocolNames.QueueOrchestrator, TaskQueueOrchestrator.RunAsync);
        registry.AddOrchestratorFunc<ExecutionRequest, string>(ProtocolNames.KeyClaimOrchestrator, IdempotencyKeys.RunAsync);
        registry.AddActivity<AttemptActivity>();
        registry.AddActivity<ArchiveLogActivity>();
        return registry;
    }
}
