using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>A run of older log entries of one execution, kept as the input of an archive orchestration.</summary>
/// <param name="ExecutionId">The execution the entries belong to.</param>
/// <param name="Index">The chunk's position, 0 for the oldest.</param>
/// <param name="Entries">The entries, oldest first.</param>
public sealed record LogArchiveChunk(string ExecutionId, int Index, IReadOnlyList<LogEntry> Entries);
