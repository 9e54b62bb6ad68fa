using TaskFunctions.Execution;

namespace TaskFunctions.Client;

/// <summary>The answer to a start request, returned before the task runs.</summary>
/// <param name="ExecutionId">The new execution's id.</param>
/// <param name="TaskName">The task.</param>
/// <param name="Trigger">How it was started.</param>
/// <param name="Status">Always running: the execution is queued.</param>
/// <param name="StartedAt">When the start was requested (UTC).</param>
public sealed record ExecutionAccepted(
    string ExecutionId,
    string TaskName,
    TriggerKind Trigger,
    ExecutionStatus Status,
    DateTime StartedAt);
