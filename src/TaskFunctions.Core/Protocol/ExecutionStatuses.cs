using Microsoft.DurableTask.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Protocol;

/// <summary>Maps the engine's runtime status to the four statuses clients see.</summary>
internal static class ExecutionStatuses
{
    /// <summary>The runtime statuses of an execution that has not finished in the engine.</summary>
    public static readonly IReadOnlyList<OrchestrationRuntimeStatus> Active =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>
    /// Gets the status of an execution. A completed or failed instance reads so. While the instance is active,
    /// the orchestrator's own decision in the custom status counts: a timed-out execution reads failed at once,
    /// even while its handler has not yet returned. A terminated instance reads cancelled, unless its outcome was
    /// decided before (a cancel that raced the decision: the cancel endpoints otherwise leave decided ones alone).
    /// </summary>
    /// <param name="runtimeStatus">The engine's runtime status.</param>
    /// <param name="snapshot">The custom status, if the orchestrator has published one.</param>
    /// <returns>The status.</returns>
    public static ExecutionStatus From(OrchestrationRuntimeStatus runtimeStatus, ExecutionSnapshot? snapshot) => runtimeStatus switch
    {
        OrchestrationRuntimeStatus.Completed => ExecutionStatus.Completed,
        OrchestrationRuntimeStatus.Failed => ExecutionStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => IsDecided(snapshot) ? snapshot!.Status : ExecutionStatus.Cancelled,
#pragma warning disable CS0618 // Canceled is obsolete in the SDK but the engine may still report it.
        OrchestrationRuntimeStatus.Canceled => IsDecided(snapshot) ? snapshot!.Status : ExecutionStatus.Cancelled,
#pragma warning restore CS0618
        _ => snapshot?.Status ?? ExecutionStatus.Running,
    };

    /// <summary>Tells whether the orchestrator has published the execution's outcome (completed or failed).</summary>
    /// <param name="snapshot">The custom status, if any.</param>
    /// <returns>Whether the outcome is decided.</returns>
    public static bool IsDecided(ExecutionSnapshot? snapshot) =>
        snapshot?.Status is ExecutionStatus.Completed or ExecutionStatus.Failed;

    /// <summary>Tells whether the engine still considers an instance active.</summary>
    /// <param name="runtimeStatus">The runtime status.</param>
    /// <returns>Whether it is pending, running or suspended.</returns>
    public static bool IsActive(OrchestrationRuntimeStatus runtimeStatus) => Active.Contains(runtimeStatus);

    /// <summary>Gets the runtime statuses an execution with a given status can have.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The runtime statuses to query.</returns>
    public static IReadOnlyList<OrchestrationRuntimeStatus> RuntimeStatusesOf(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => Active,
        ExecutionStatus.Completed => [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Terminated, .. Active],
        ExecutionStatus.Failed => [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated, .. Active],
        ExecutionStatus.Cancelled => [OrchestrationRuntimeStatus.Terminated],
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
