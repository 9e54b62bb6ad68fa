using System.Text.Json;
using System.Text.Json.Serialization;
using TaskFunctions.Execution;

namespace TaskFunctions.Protocol;

/// <summary>The input of one execution's orchestration: what was asked for, and the plan fixed at start.</summary>
/// <param name="ExecutionId">The execution id, equal to the orchestration instance id.</param>
/// <param name="TaskName">The task to run.</param>
/// <param name="Trigger">How the execution was started.</param>
/// <param name="Params">The request's <c>params</c> object, if any.</param>
/// <param name="StartedAt">When the start was requested (UTC).</param>
/// <param name="TimeoutMs">The timeout in milliseconds, counted from <paramref name="StartedAt"/>.</param>
/// <param name="Plan">Which stages have work to do. Fixed at start so that a replay never sees another plan.</param>
/// <param name="Retry">How a failed handler is retried, if at all; fixed at start like the plan.</param>
/// <param name="SlotIndex">
/// The concurrency slot the execution holds, for a task with a concurrency limit. For a task that queues, the slots
/// count the running and the waiting executions together (the limit plus the queue's capacity).
/// </param>
/// <param name="QueueLimit">
/// For a task that queues starts beyond its concurrency limit, that limit: the execution waits for its turn in the
/// task's queue (<see cref="InstanceIds.Queue"/>) and its timeout counts from its turn; <see langword="null"/> otherwise.
/// </param>
/// <param name="QueuedSince">
/// For an execution that waited in its task's queue, when its start was requested; <paramref name="StartedAt"/> is
/// then its turn, from which its timeout counts. Set by the orchestrator when the turn comes, never by a client.
/// </param>
/// <param name="ReplayOf">The execution this one runs again, for a replay.</param>
public sealed record ExecutionRequest(
    string ExecutionId,
    string TaskName,
    TriggerKind Trigger,
    JsonElement? Params,
    DateTime StartedAt,
    int TimeoutMs,
    ExecutionPlan Plan,
    RetrySchedule? Retry = null,
    int? SlotIndex = null,
    int? QueueLimit = null,
    DateTime? QueuedSince = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplayOf = null)
{
    /// <summary>Gets the moment (UTC) at which the execution times out.</summary>
    [JsonIgnore]
    public DateTime Deadline => StartedAt.AddMilliseconds(TimeoutMs);
}
