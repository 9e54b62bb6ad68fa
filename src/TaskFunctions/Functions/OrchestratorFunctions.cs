using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Functions;

/// <summary>The orchestrator functions: one execution, and one archived chunk of a long log.</summary>
public static class OrchestratorFunctions
{
    /// <summary>Runs one execution (instance id = execution id).</summary>
    /// <param name="context">The orchestration context; its input is the <see cref="ExecutionRequest"/>.</param>
    /// <returns>The outcome of a completed execution.</returns>
    [Function(ExecutionOrchestrator.Name)]
    public static Task<ExecutionOutcome> RunExecutionAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecutionOrchestrator.RunAsync(context, context.GetInput<ExecutionRequest>()!);
    }

    /// <summary>Keeps one chunk of older log entries as its input.</summary>
    /// <param name="context">The orchestration context; its input is the <see cref="LogArchiveChunk"/>.</param>
    /// <returns>How many entries the chunk holds.</returns>
    [Function(ExecutionLogArchive.Name)]
    public static Task<int> RunLogArchiveAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ExecutionLogArchive.RunAsync(context, context.GetInput<LogArchiveChunk>()!);
    }
}
