using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>Registers the orchestrators and activities of TaskFunctions with a Durable Task worker.</summary>
public static class DurableTaskRegistryExtensions
{
    /// <summary>Adds the orchestrators (execution, log archive, concurrency slot, idempotency key) and the activities (stage, log archive).</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static DurableTaskRegistry AddTaskFunctions(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<ExecutionRequest, ExecutionOutcome>(ExecutionOrchestrator.Name, ExecutionOrchestrator.RunAsync);
        registry.AddOrchestratorFunc<LogArchiveChunk, int>(ExecutionLogArchive.Name, ExecutionLogArchive.RunAsync);
        registry.AddOrchestratorFunc<SlotLease, string>(ConcurrencySlots.Name, ConcurrencySlots.RunAsync);
        registry.AddOrchestratorFunc<ExecutionRequest, string>(IdempotencyKeys.Name, IdempotencyKeys.RunAsync);
        registry.AddActivity<StageActivity>();
        registry.AddActivity<ArchiveLogActivity>();
        return registry;
    }
}
