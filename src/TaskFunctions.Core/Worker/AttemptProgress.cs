using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// What the orchestrator has shown of one attempt's entries: which run of the activity they came from and how
/// many. Orchestrator code. After a host crash the engine runs the attempt again with a new run id: the entries
/// the old run showed stay, a note says the attempt started over, and the new run's entries follow. A run whose
/// attempt the storage had handed out before gets the note even when the old run showed nothing.
/// </summary>
internal sealed class AttemptProgress
{
    private readonly HashSet<string> _endedRuns = new(StringComparer.Ordinal);
    private string? _runId;
    private int _shown;

    public AttemptProgress(int attempt)
    {
        Attempt = attempt;
    }

    public int Attempt { get; }

    /// <summary>Gets the entries of a live batch that are new, in order; none for a stale, early or repeated batch.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="startedOver">Whether the batch comes from a new run of the attempt.</param>
    /// <returns>The entries to show.</returns>
    public IEnumerable<LogEntry> Accept(LiveLogBatch batch, out bool startedOver)
    {
        startedOver = false;
        if (batch.Attempt != Attempt || _endedRuns.Contains(batch.RunId))
        {
            return [];
        }

        startedOver = SwitchTo(batch.RunId, batch.RunsAgain);
        int end = batch.From + batch.Entries.Count;
        if (batch.From > _shown || end <= _shown)
        {
            // A batch before it went missing (the result fills the gap), or one already shown.
            return [];
        }

        IEnumerable<LogEntry> fresh = batch.Entries.Skip(_shown - batch.From);
        _shown = end;
        return fresh;
    }

    /// <summary>Gets the entries of the attempt's result not shown yet.</summary>
    /// <param name="result">The result.</param>
    /// <param name="startedOver">Whether the result comes from a new run of the attempt.</param>
    /// <returns>The entries to show.</returns>
    public IEnumerable<LogEntry> Finish(AttemptResult result, out bool startedOver)
    {
        startedOver = SwitchTo(result.RunId, result.RunsAgain);
        IEnumerable<LogEntry> fresh = result.Logs.Skip(_shown);
        _shown = result.Logs.Count;
        return fresh;
    }

    private bool SwitchTo(string runId, bool runsAgain)
    {
        if (_runId == runId)
        {
            return false;
        }

        bool startedOver = _runId is not null || runsAgain;
        if (startedOver)
        {
            _endedRuns.Add(_runId!);
        }

        _runId = runId;
        _shown = 0;
        return startedOver;
    }
}
