using System.Text.Json.Serialization;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Client;

/// <summary>An execution as clients see it: <c>GET /tasks/running/execution/{executionId}</c> and list items.</summary>
/// <param name="ExecutionId">The execution id.</param>
/// <param name="TaskName">The task.</param>
/// <param name="Trigger">How it was started.</param>
/// <param name="Status">running, completed, failed or cancelled.</param>
/// <param name="StartedAt">When the start was requested (UTC).</param>
/// <param name="FinishedAt">When it finished (UTC), once it has.</param>
/// <param name="Logs">The log entries, oldest first.</param>
/// <param name="OmittedLogCount">
/// How many entries <paramref name="Logs"/> leaves out: in lists, which carry the newest entries only, the older
/// ones; in a finished execution's log, those of an archive chunk that could not be stored.
/// </param>
/// <param name="LogCount">How many entries the execution's log has (the last one's <see cref="LogEntry.Seq"/>).</param>
/// <param name="ReplayOf">The execution this one runs again, for a replay.</param>
public sealed record ExecutionView(
    string ExecutionId,
    string TaskName,
    TriggerKind Trigger,
    ExecutionStatus Status,
    DateTime StartedAt,
    DateTime? FinishedAt,
    IReadOnlyList<LogEntry> Logs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int OmittedLogCount = 0,
    int LogCount = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReplayOf = null);
