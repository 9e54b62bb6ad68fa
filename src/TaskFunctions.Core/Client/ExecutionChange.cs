using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Client;

/// <summary>Something that happened to a watched execution: a new log entry, or a new status.</summary>
public abstract record ExecutionChange;

/// <summary>A new entry of the execution's log, with its <see cref="LogEntry.Seq"/>: one per entry, in order.</summary>
/// <param name="Entry">The entry.</param>
public sealed record ExecutionLogAppended(LogEntry Entry) : ExecutionChange;

/// <summary>The execution's status changed; a status other than running is its last change.</summary>
/// <param name="Status">The new status.</param>
/// <param name="FinishedAt">When it finished (UTC), once it has.</param>
public sealed record ExecutionStatusChanged(ExecutionStatus Status, DateTime? FinishedAt) : ExecutionChange;
