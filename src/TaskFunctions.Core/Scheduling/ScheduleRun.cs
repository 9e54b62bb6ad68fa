namespace TaskFunctions.Scheduling;

/// <summary>What the scheduler did with one occurrence of one schedule at a tick.</summary>
/// <param name="TaskName">The task.</param>
/// <param name="ScheduleName">The schedule.</param>
/// <param name="Occurrence">The occurrence, with its time zone's offset.</param>
/// <param name="Decision">What was done.</param>
/// <param name="ExecutionId">The execution started (or started before), if any.</param>
/// <param name="BusyExecutionIds">For a skipped or refused occurrence, the executions that ran or waited.</param>
public sealed record ScheduleRun(
    string TaskName,
    string ScheduleName,
    DateTimeOffset Occurrence,
    ScheduleDecision Decision,
    string? ExecutionId,
    IReadOnlyList<string> BusyExecutionIds);
