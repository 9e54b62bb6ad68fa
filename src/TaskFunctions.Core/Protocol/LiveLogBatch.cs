using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>
/// Log entries a running attempt sends to its own orchestration, so that they show in the custom status while
/// it still runs. Entries are numbered per run of the attempt; the attempt's result carries all of them again,
/// so a batch that arrives late or not at all loses nothing.
/// </summary>
/// <param name="Attempt">The attempt that wrote the entries.</param>
/// <param name="RunId">The run of the attempt (see <see cref="AttemptResult.RunId"/>).</param>
/// <param name="From">The position, within the run's entries, of the first entry in the batch.</param>
/// <param name="Entries">The entries.</param>
/// <param name="RunsAgain">Whether the run's attempt had been handed out before (see <see cref="AttemptResult.RunsAgain"/>).</param>
internal sealed record LiveLogBatch(int Attempt, string RunId, int From, IReadOnlyList<LogEntry> Entries, bool RunsAgain = false);
