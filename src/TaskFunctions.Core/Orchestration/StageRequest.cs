using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Orchestration;

/// <summary>The input of the activity that runs one stage of an execution.</summary>
/// <param name="Execution">The execution's request.</param>
/// <param name="Stage">The stage to run.</param>
/// <param name="Attempt">The handler attempt, 1 for the first.</param>
/// <param name="Deadline">When the execution times out (UTC); the stage's cancellation token fires then.</param>
/// <param name="Logs">The newest log entries recorded so far.</param>
/// <param name="OmittedLogCount">How many older entries are not included in <paramref name="Logs"/>.</param>
/// <param name="Items">The values carried from earlier stages.</param>
/// <param name="Error">The error that failed the execution, for the error stage.</param>
public sealed record StageRequest(
    ExecutionRequest Execution,
    ExecutionStage Stage,
    int Attempt,
    DateTime Deadline,
    IReadOnlyList<LogEntry> Logs,
    int OmittedLogCount,
    IReadOnlyDictionary<string, JsonElement> Items,
    TaskError? Error);
