using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>
/// The orchestration's custom status: the execution's status as the orchestrator decided it, and the newest
/// log entries. It stays within the engine's custom status limit; older entries are archived.
/// </summary>
/// <param name="Status">The status the orchestrator decided (a timed-out execution reads failed at once).</param>
/// <param name="FinishedAt">When the execution finished (UTC), once it has.</param>
/// <param name="Logs">The newest entries, oldest first.</param>
/// <param name="ArchivedLogCount">How many older entries were moved to archive chunks.</param>
/// <param name="ArchiveChunkCount">How many archive chunks exist (instances <see cref="InstanceIds.LogChunk"/>).</param>
internal sealed record ExecutionSnapshot(
    ExecutionStatus Status,
    DateTime? FinishedAt,
    IReadOnlyList<LogEntry> Logs,
    int ArchivedLogCount,
    int ArchiveChunkCount);
