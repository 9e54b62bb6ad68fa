using TaskFunctions.Execution;

namespace TaskFunctions.Protocol;

/// <summary>The output of an execution's orchestration when it completes.</summary>
/// <param name="Status">The final status.</param>
/// <param name="FinishedAt">When the execution finished (UTC).</param>
/// <param name="LogCount">How many log entries the execution recorded in all.</param>
public sealed record ExecutionOutcome(ExecutionStatus Status, DateTime FinishedAt, int LogCount);
