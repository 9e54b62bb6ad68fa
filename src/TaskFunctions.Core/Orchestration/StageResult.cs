using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Orchestration;

/// <summary>The output of a stage activity. The activity never throws for a failing handler or middleware: it
/// reports the error here, so the error's type and message survive on every backend.</summary>
/// <param name="Logs">Every entry the stage wrote, in order.</param>
/// <param name="Items">The items after the stage.</param>
/// <param name="Error">The error the stage failed with, if any.</param>
/// <param name="DeadlineReached">
/// Whether the stage failed after its token fired at the execution's deadline: a timeout, even when the
/// stage's result arrives before the orchestration's own timer.
/// </param>
public sealed record StageResult(
    IReadOnlyList<LogEntry> Logs,
    IReadOnlyDictionary<string, JsonElement> Items,
    TaskError? Error,
    bool DeadlineReached = false);
