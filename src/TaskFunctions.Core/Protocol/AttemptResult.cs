using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>
/// The output of the attempt activity. User code never makes the activity throw: a failure comes back here,
/// so its type and message survive on every backend.
/// </summary>
/// <param name="Outcome">How the attempt ended.</param>
/// <param name="RunId">
/// Identifies this run of the activity. After a host crash the engine runs an attempt again; its live log
/// batches and result carry a new run id, so the orchestrator neither drops its entries nor repeats the old ones.
/// </param>
/// <param name="Logs">Every entry the run wrote, in order, the outcome's lifecycle entries included.</param>
/// <param name="Items">The items the before middleware left, for the next attempt.</param>
/// <param name="Error">The error, for an attempt that failed.</param>
/// <param name="RetryDelay">The wait before the next attempt, for <see cref="AttemptOutcome.Retry"/>.</param>
/// <param name="HandlerAbandoned">
/// Whether the handler was still running when the attempt ended (it ignored its token at the deadline); its
/// later entries come as a <see cref="ProtocolNames.LateLogEvent"/>.
/// </param>
/// <param name="RunsAgain">
/// Whether the host's storage had handed this attempt out before (to a host that died or stopped before finishing it):
/// the orchestrator then reports the run as run again even when no entry of an earlier run reached it.
/// </param>
public sealed record AttemptResult(
    AttemptOutcome Outcome,
    string RunId,
    IReadOnlyList<LogEntry> Logs,
    IReadOnlyDictionary<string, JsonElement> Items,
    TaskError? Error = null,
    TimeSpan? RetryDelay = null,
    bool HandlerAbandoned = false,
    bool RunsAgain = false);
