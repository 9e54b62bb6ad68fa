using Microsoft.DurableTask;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// Idempotent starts: the first start with a given <c>Idempotency-Key</c> for a task claims the key by creating
/// an instance with an id derived from the key (<see cref="InstanceIds.KeyClaim"/>), whose input is the
/// execution it started. The engine creates an instance id only once, so concurrent repeats all read the same
/// claim and return the same execution.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The claim orchestrator: the claim is its input, so there is nothing to do but finish.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="claim">The execution the key started.</param>
    /// <returns>The execution id.</returns>
    public static Task<string> RunAsync(TaskOrchestrationContext context, ExecutionRequest claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Task.FromResult(claim.ExecutionId);
    }
}
