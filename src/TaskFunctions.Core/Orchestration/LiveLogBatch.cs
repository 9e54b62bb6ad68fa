using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Orchestration;

/// <summary>
/// Log entries a running stage sends to its own orchestration, so that they show in the custom status while
/// the stage still runs. Entries are numbered per stage attempt; the stage's result carries all of them again,
/// so a batch that arrives late or not at all loses nothing.
/// </summary>
/// <param name="Stage">The stage that wrote the entries.</param>
/// <param name="Attempt">The handler attempt.</param>
/// <param name="From">The position, within the stage attempt's entries, of the first entry in the batch.</param>
/// <param name="Entries">The entries.</param>
public sealed record LiveLogBatch(ExecutionStage Stage, int Attempt, int From, IReadOnlyList<LogEntry> Entries)
{
    /// <summary>The name of the external event that carries a batch.</summary>
    public const string EventName = "log";
}
