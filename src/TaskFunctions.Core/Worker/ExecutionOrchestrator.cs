using Microsoft.DurableTask;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The orchestrator of one execution (instance id = execution id): records the start entry, runs one activity
/// per attempt (middleware and handler together), shows the entries the attempt sends while it runs, and
/// publishes status and newest log entries as custom status.
/// </summary>
internal static class ExecutionOrchestrator
{
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
