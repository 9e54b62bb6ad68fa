using System.Text.Json.Serialization;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>
/// The orchestration's custom status: the execution's status as the orchestrator decided it, and the newest
/// log entries. It stays within the engine's custom status limit; older entries are archived.
/// </summary>
/// <param name="Status">
/// The status the orchestrator decided (a timed-out execution reads failed at once). Running is not written: the
/// engine's runtime status says whether the instance runs, and a cancel terminates it without the orchestrator
/// running again, so a custom status that said running would contradict the Terminated instance in the portal.
/// </param>
/// <param name="FinishedAt">When the execution finished (UTC), once it has.</param>
/// <param name="Logs">The newest entries, oldest first.</param>
/// <param name="ArchivedLogCount">How many older entries were moved to archive chunks.</param>
/// <param name="ArchiveChunkCount">How many archive chunks exist (instances <see cref="InstanceIds.LogChunk"/>).</param>
internal sealed record ExecutionSnapshot(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ExecutionStatus Status,
    DateTime? FinishedAt,
    IReadOnlyList<LogEntry> Logs,
    int ArchivedLogCount,
    int ArchiveChunkCount);
