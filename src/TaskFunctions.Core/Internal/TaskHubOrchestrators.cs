using Microsoft.DurableTask;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Internal;

/// <summary>
/// The orchestrators of the task hub, for a host that binds orchestrator functions itself (the Azure Functions
/// app). This is an internal API that supports the TaskFunctions hosts and is not subject to the compatibility
/// standards of public APIs: it may change or go away in any release.
/// </summary>
public static class TaskHubOrchestrators
{
    /// <summary>Runs one execution (instance id = execution id); its input is an <see cref="ExecutionRequest"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The outcome of a completed execution.</returns>
    public static Task<ExecutionOutcome> RunExecutionAsync(TaskOrchestrationContext context) =>
        ExecutionOrchestrator.RunAsync(context, Input<ExecutionRequest>(context));

    /// <summary>Keeps one chunk of older log entries as its input, a <see cref="LogArchiveChunk"/>.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>How many entries the chunk holds.</returns>
    public static Task<int> RunLogArchiveAsync(TaskOrchestrationContext context) =>
        ExecutionLogArchive.RunAsync(context, Input<LogArchiveChunk>(context));

    /// <summary>Holds one of a task's concurrency slots until its execution releases it.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>"released".</returns>
    public static Task<string> RunConcurrencySlotAsync(TaskOrchestrationContext context) =>
        ConcurrencySlots.RunAsync(context, Input<SlotLease>(context));

    /// <summary>Keeps the queue of a task whose starts beyond its concurrency limit wait for their turn.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>Nothing a caller reads: the queue continues as new.</returns>
    public static Task<string> RunTaskQueueAsync(TaskOrchestrationContext context) =>
        TaskQueueOrchestrator.RunAsync(context, Input<TaskQueueState>(context));

    /// <summary>Keeps the execution an idempotency key started, as its input (an <see cref="ExecutionRequest"/>).</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The execution id.</returns>
    public static Task<string> RunIdempotencyKeyAsync(TaskOrchestrationContext context) =>
        IdempotencyKeys.RunAsync(context, Input<ExecutionRequest>(context));

    private static T Input<T>(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetInput<T>() ?? throw new InvalidOperationException(
            $"The orchestration '{context.Name}' ({context.InstanceId}) has no {typeof(T).Name} input.");
    }
}
