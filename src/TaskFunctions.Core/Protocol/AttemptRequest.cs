using System.Text.Json;
using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>
/// The input of the activity that runs one attempt of an execution: before middleware (first attempt only),
/// handler, after middleware, and on a final failure the error middleware, all in one activity with one
/// <c>TaskContext</c>.
/// </summary>
/// <param name="Execution">The execution's request.</param>
/// <param name="Attempt">The attempt, 1 for the first.</param>
/// <param name="Logs">The newest log entries recorded so far.</param>
/// <param name="OmittedLogCount">How many older entries are not included in <paramref name="Logs"/>.</param>
/// <param name="Items">The items the before middleware left, for an attempt after the first.</param>
/// <param name="ArchiveChunkCount">
/// How many archive chunks hold the <paramref name="OmittedLogCount"/> older entries; the orchestrator calls the
/// attempt once they are stored, and the attempt reads them so that its context holds the whole log.
/// </param>
public sealed record AttemptRequest(
    ExecutionRequest Execution,
    int Attempt,
    IReadOnlyList<LogEntry> Logs,
    int OmittedLogCount,
    IReadOnlyDictionary<string, JsonElement> Items,
    int ArchiveChunkCount = 0);
