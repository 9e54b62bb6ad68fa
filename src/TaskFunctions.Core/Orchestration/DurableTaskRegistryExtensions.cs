using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>Registers the orchestrators and activities of TaskFunctions with a Durable Task worker.</summary>
public static class DurableTaskRegistryExtensions
{
    /// <summary>Adds the execution orchestrator, the log archive orchestrator and the stage activity.</summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static DurableTaskRegistry AddTaskFunctions(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<ExecutionRequest, ExecutionOutcome>(ExecutionOrchestrator.Name, ExecutionOrchestrator.RunAsync);
        registry.AddOrchestratorFunc<LogArchiveChunk, int>(ExecutionLogArchive.Name, ExecutionLogArchive.RunAsync);
        registry.AddActivity<StageActivity>();
        return registry;
    }
}
