using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using TaskFunctions.Internal;
using TaskFunctions.Protocol;

namespace TaskFunctions.Functions;

/// <summary>
/// The orchestrator functions: one execution, one archived chunk of a long log, one concurrency slot, one
/// task queue, and one idempotency key claim.
/// </summary>
public static class OrchestratorFunctions
{
    /// <summary>Runs one execution (instance id = execution id).</summary>
    /// <param name="context">The orchestration context; its input is the <see cref="ExecutionRequest"/>.</param>
    /// <returns>The outcome of a completed execution.</returns>
    [Function(ProtocolNames.ExecutionOrchestrator)]
    public static Task<ExecutionOutcome> RunExecutionAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskHubOrchestrators.RunExecutionAsync(context);

    /// <summary>Keeps one chunk of older log entries as its input.</summary>
    /// <param name="context">The orchestration context; its input is the <see cref="LogArchiveChunk"/>.</param>
    /// <returns>How many entries the chunk holds.</returns>
    [Function(ProtocolNames.LogArchiveOrchestrator)]
    public static Task<int> RunLogArchiveAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskHubOrchestrators.RunLogArchiveAsync(context);

    /// <summary>Holds one of a task's concurrency slots until its execution releases it.</summary>
    /// <param name="context">The orchestration context; its input is the <see cref="SlotLease"/>.</param>
    /// <returns>"released".</returns>
    [Function(ProtocolNames.SlotOrchestrator)]
    public static Task<string> RunConcurrencySlotAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskHubOrchestrators.RunConcurrencySlotAsync(context);

    /// <summary>Keeps the queue of a task whose starts beyond its concurrency limit wait for their turn.</summary>
    /// <param name="context">The orchestration context; its input is the queue's state.</param>
    /// <returns>Nothing a caller reads: the queue continues as new.</returns>
    [Function(ProtocolNames.QueueOrchestrator)]
    public static Task<string> RunTaskQueueAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskHubOrchestrators.RunTaskQueueAsync(context);

    /// <summary>Keeps the execution an idempotency key started, as its input.</summary>
    /// <param name="context">The orchestration context; its input is the claimed <see cref="ExecutionRequest"/>.</param>
    /// <returns>The execution id.</returns>
    [Function(ProtocolNames.KeyClaimOrchestrator)]
    public static Task<string> RunIdempotencyKeyAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        TaskHubOrchestrators.RunIdempotencyKeyAsync(context);
}
