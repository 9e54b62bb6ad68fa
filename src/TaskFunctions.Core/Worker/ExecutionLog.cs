using System.Text.Json;
using Microsoft.DurableTask;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Serialization;

namespace TaskFunctions.Worker;

/// <summary>
/// An execution's log and status as its orchestrator publishes them in the custom status: the newest entries
/// within the engine's size limit, older ones moved in order into archive chunks (<see cref="ExecutionLogArchive"/>).
/// Orchestrator code: deterministic, no I/O.
/// </summary>
internal sealed class ExecutionLog
{
    private readonly TaskOrchestrationContext _context;
    private readonly string _executionId;
    private readonly BoundedLog _log;
    private readonly List<Task> _archives = [];

    public ExecutionLog(TaskOrchestrationContext context, string executionId, int budgetChars)
    {
        _context = context;
        _executionId = executionId;
        _log = new BoundedLog(budgetChars);
    }

    /// <summary>Gets the entries kept in the custom status, oldest first.</summary>
    public IReadOnlyList<LogEntry> Tail => [.. _log.Tail];

    /// <summary>Gets how many older entries were archived.</summary>
    public int ArchivedCount => _log.ArchivedCount;

    /// <summary>Gets how many chunks hold the archived entries.</summary>
    public int ChunkCount => _log.ChunkCount;

    /// <summary>Gets how many entries were recorded in all.</summary>
    public int TotalCount => _log.TotalCount;

    /// <summary>
    /// Records the first entry of an execution (its timeout), and for a replay the entry that names the execution it
    /// runs again.
    /// </summary>
    public void RecordStart(ExecutionRequest request)
    {
        Record(TaskLogLevel.Info, LogMessages.Started(request.TimeoutMs));
        if (request.ReplayOf is { } original)
        {
            Record(TaskLogLevel.Info, LogMessages.Replayed(original), new { replayOf = original });
        }
    }

    /// <summary>Records an entry of the orchestrator, stamped with the orchestration's clock.</summary>
    public void Record(TaskLogLevel level, string message, object? data = null)
    {
        JsonElement? element = data is null ? null : JsonSerializer.SerializeToElement(data, data.GetType(), TaskFunctionsJson.Options);
        _log.Append(new LogEntry(_context.CurrentUtcDateTime, level, message, element));
    }

    /// <summary>Adds entries written by an attempt.</summary>
    /// <returns>How many were added.</returns>
    public int AppendAll(IEnumerable<LogEntry> entries)
    {
        int count = 0;
        foreach (LogEntry entry in entries)
        {
            _log.Append(entry);
            count++;
        }

        return count;
    }

    /// <summary>Publishes the status and the newest entries, archiving what no longer fits.</summary>
    public void Publish(ExecutionStatus status, DateTime? finishedAt = null)
    {
        ArchiveOverflow();
        _context.SetCustomStatus(new ExecutionSnapshot(status, finishedAt, Tail, _log.ArchivedCount, _log.ChunkCount));
    }

    /// <summary>
    /// Waits until every archive chunk started so far is stored (or failed to be: then readers find it missing),
    /// so that an attempt called next can read the whole log.
    /// </summary>
    /// <returns>A task that completes when no chunk is being stored.</returns>
    public Task ArchivedAsync() => _archives.All(a => a.IsCompleted) ? Task.CompletedTask : Task.WhenAny(Task.WhenAll(_archives));

    /// <summary>
    /// Publishes the final status once every archive chunk is stored, so that a finished execution's log is
    /// whole; runs <paramref name="release"/> even when storing failed.
    /// </summary>
    /// <returns>When the execution finished: never before its last entry.</returns>
    public async Task<DateTime> CompleteAsync(ExecutionStatus status, Action release)
    {
        ArchiveOverflow();
        try
        {
            await Task.WhenAll(_archives);
        }
        finally
        {
            release();
        }

        DateTime finishedAt = _context.CurrentUtcDateTime;
        if (_log.Tail.Count > 0 && _log.Tail[^1].Timestamp > finishedAt)
        {
            finishedAt = _log.Tail[^1].Timestamp;
        }

        Publish(status, finishedAt);
        return finishedAt;
    }

    private void ArchiveOverflow()
    {
        if (_log.TakeOverflow() is { } overflow)
        {
            var chunk = new LogArchiveChunk(_executionId, _log.ChunkCount - 1, overflow);
            _archives.Add(_context.CallActivityAsync<int>(ProtocolNames.ArchiveLogActivity, chunk));
        }
    }
}
