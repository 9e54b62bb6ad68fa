using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>
/// The orchestrator of one execution (instance id = execution id). It records the lifecycle entries, runs the
/// stages as activities (before middleware → handler → after middleware, or error middleware on failure), races
/// them against a durable timer for the timeout, and publishes status and newest log entries as custom status.
/// </summary>
public static class ExecutionOrchestrator
{
    /// <summary>The orchestrator name.</summary>
    public const string Name = "TaskExecution";

    /// <summary>Runs an execution.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="request">The execution's request.</param>
    /// <returns>The outcome of a completed execution; a failed one ends by throwing <see cref="TaskExecutionFailedException"/>.</returns>
    public static Task<ExecutionOutcome> RunAsync(TaskOrchestrationContext context, ExecutionRequest request) =>
        RunAsync(context, request, ExecutionLimits.LogBudgetChars);

    /// <summary>Runs an execution with a given log budget.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="request">The execution's request.</param>
    /// <param name="logBudgetChars">The characters of custom status left for log entries.</param>
    /// <returns>The outcome.</returns>
    internal static Task<ExecutionOutcome> RunAsync(TaskOrchestrationContext context, ExecutionRequest request, int logBudgetChars)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        return new ExecutionRun(context, request, logBudgetChars).RunAsync();
    }
}
