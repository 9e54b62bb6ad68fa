using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// What the orchestrator has shown of one attempt's entries: which run of the activity they came from and how
/// many of each run. Orchestrator code. After a host crash the engine runs the attempt again with a new run id: the
/// entries the old run showed stay, a note says the attempt started over, and the new run's entries follow. A run
/// whose attempt the storage had handed out before (<see cref="LiveLogBatch.RunsAgain"/>) gets the note even when the
/// old run showed nothing; once such a run shows, a batch of an earlier run that arrives late (it waited in the dead
/// host's queue lock) is ignored, and the result of a run is shown from where that run's entries stopped.
/// </summary>
internal sealed class AttemptProgress
{
    private readonly HashSet<string> _endedRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _shown = new(StringComparer.Ordinal);
    private string? _runId;
    private bool _runsAgain;

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

        if (_runsAgain && !batch.RunsAgain && !_shown.ContainsKey(batch.RunId))
        {
            // A run the storage handed out first, after a run it handed out again: an earlier run, arriving late.
            _endedRuns.Add(batch.RunId);
            return [];
        }

        startedOver = SwitchTo(batch.RunId, batch.RunsAgain);
        int shown = _shown[batch.RunId];
        int end = batch.From + batch.Entries.Count;
        if (batch.From > shown || end <= shown)
        {
            // A batch before it went missing (the result fills the gap), or one already shown.
            return [];
        }

        _shown[batch.RunId] = end;
        return batch.Entries.Skip(shown - batch.From);
    }

    /// <summary>Gets the entries of the attempt's result not shown yet.</summary>
    /// <param name="result">The result.</param>
    /// <param name="startedOver">Whether the result comes from a new run of the attempt.</param>
    /// <returns>The entries to show.</returns>
    public IEnumerable<LogEntry> Finish(AttemptResult result, out bool startedOver)
    {
        startedOver = SwitchTo(result.RunId, result.RunsAgain);
        int shown = _shown[result.RunId];
        _shown[result.RunId] = Math.Max(shown, result.Logs.Count);
        return result.Logs.Skip(shown);
    }

    private bool SwitchTo(string runId, bool runsAgain)
    {
        _shown.TryAdd(runId, 0);
        if (_runId == runId)
        {
            return false;
        }

        bool startedOver = _runId is not null || runsAgain;
        if (_runId is not null)
        {
            _endedRuns.Add(_runId);
        }

        _endedRuns.Remove(runId);
        _runId = runId;
        _runsAgain = runsAgain;
        return startedOver;
    }
}
