using Microsoft.Extensions.Logging;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Client;

/// <summary>Reads an execution with the log entries after a seq, as the status route does with <c>?after=</c>.</summary>
/// <param name="logsAfter">The seq of the last entry the reader has.</param>
/// <param name="cancellationToken">Cancels the read.</param>
/// <returns>The execution, or <see langword="null"/> when there is none with that id.</returns>
internal delegate Task<ExecutionView?> ExecutionRead(int logsAfter, CancellationToken cancellationToken);

/// <summary>Why a feed stopped reading.</summary>
internal enum FeedEnd
{
    /// <summary>It still reads.</summary>
    None,

    /// <summary>The execution reached a final status: everything is read.</summary>
    Final,

    /// <summary>The execution no longer exists (purged).</summary>
    Gone,

    /// <summary>A read failed otherwise than with the store unavailable.</summary>
    Broken,
}

/// <summary>What a watcher finds in a feed.</summary>
/// <param name="Entries">The entries after the watcher's seq, in order; empty unless <paramref name="Covers"/>.</param>
/// <param name="Covers">Whether the feed still holds every entry after the watcher's seq.</param>
/// <param name="Status">The status the feed read last.</param>
/// <param name="FinishedAt">When the execution finished, once it has.</param>
/// <param name="End">Why the feed stopped reading, if it has.</param>
/// <param name="Changed">Completes when the feed reads something new or stops.</param>
internal readonly record struct FeedState(
    IReadOnlyList<LogEntry> Entries, bool Covers, ExecutionStatus Status, DateTime? FinishedAt, FeedEnd End, Task Changed);

/// <summary>
/// The one reader of a running execution that all its watchers on this host share: every poll interval it reads the
/// entries after the last one it has (the cheap <c>?after=</c> read of the status route), keeps the newest
/// <see cref="MaxBufferedEntries"/> with the status, and wakes the watchers when something is new. So a host reads an
/// execution once per interval however many clients watch it. <see cref="ExecutionFeeds"/> starts a feed for the first
/// watcher and stops it when the last one leaves; it also stops by itself once the execution is final or gone.
/// </summary>
internal sealed class ExecutionFeed
{
    /// <summary>The most entries a feed keeps for watchers; one that falls further behind reads the rest itself.</summary>
    internal const int MaxBufferedEntries = 1000;

    private readonly Lock _lock = new();
    private readonly List<LogEntry> _entries = [];
    private readonly ExecutionRead _read;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private int _bufferStart;
    private int _lastSeq;
    private ExecutionStatus _status = ExecutionStatus.Running;
    private DateTime? _finishedAt;
    private FeedEnd _end;
    private TaskCompletionSource _changed = NewSignal();
    private int _reads;

    /// <summary>Initializes a new instance of the <see cref="ExecutionFeed"/> class.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="lastSeq">The seq of the last entry its first watcher has: the feed reads the entries after it.</param>
    /// <param name="read">Reads the execution.</param>
    /// <param name="interval">The pause between reads.</param>
    /// <param name="clock">The clock of the pauses.</param>
    /// <param name="logger">Where a failed read is logged.</param>
    public ExecutionFeed(string executionId, int lastSeq, ExecutionRead read, TimeSpan interval, TimeProvider clock, ILogger logger)
    {
        ExecutionId = executionId;
        _bufferStart = _lastSeq = lastSeq;
        _read = read;
        _interval = interval;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Gets the execution the feed reads.</summary>
    public string ExecutionId { get; }

    /// <summary>Gets or sets how many watchers use the feed (kept by <see cref="ExecutionFeeds"/> under its lock).</summary>
    internal int Watchers { get; set; }

    /// <summary>Gets how many reads the feed has made.</summary>
    internal int Reads => Volatile.Read(ref _reads);

    /// <summary>Gets a value indicating whether a new watcher should get a new feed instead of this one (gone or broken).</summary>
    internal bool Replaceable
    {
        get
        {
            lock (_lock)
            {
                return _end is FeedEnd.Gone or FeedEnd.Broken;
            }
        }
    }

    /// <summary>Starts reading.</summary>
    public void Start() => _ = RunAsync(_stop.Token);

    /// <summary>Stops reading; watchers still in the feed find no more changes.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>What the feed holds for a watcher that has the entries up to <paramref name="cursor"/>.</summary>
    /// <param name="cursor">The seq of the last entry the watcher has.</param>
    /// <returns>The entries after it (when the feed still holds them all), the status, and the signal of the next change.</returns>
    public FeedState Read(int cursor)
    {
        lock (_lock)
        {
            bool covers = cursor >= _bufferStart;
            int first = covers ? _entries.FindIndex(e => e.Seq > cursor) : -1;
            LogEntry[] entries = first < 0 ? [] : [.. _entries.Skip(first)];
            return new FeedState(entries, covers, _status, _finishedAt, _end, _changed.Task);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_interval, _clock, stop).ConfigureAwait(false);
                int after;
                lock (_lock)
                {
                    after = _lastSeq;
                }

                Interlocked.Increment(ref _reads);
                if (Apply(await _read(after, stop).ConfigureAwait(false)))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (TaskStoreUnavailableException)
            {
                // Storage is out for now: the watchers keep their streams, and the next read tries again.
            }
            catch (Exception ex)
            {
                // Not the store's outage: reading again would fail again. The watchers end their streams; a client
                // that reconnects reads the execution itself first and gets the error as an answer.
                ClientLog.FeedBroken(_logger, ExecutionId, ex);
                Finish(FeedEnd.Broken);
                return;
            }
        }
    }

    /// <summary>Takes in a read; returns whether the feed is done.</summary>
    private bool Apply(ExecutionView? view)
    {
        if (view is null)
        {
            Finish(FeedEnd.Gone);
            return true;
        }

        lock (_lock)
        {
            bool changed = false;
            foreach (LogEntry entry in view.Logs)
            {
                if (entry.Seq is int seq && seq > _lastSeq)
                {
                    _entries.Add(entry);
                    _lastSeq = seq;
                    changed = true;
                }
            }

            if (_entries.Count > MaxBufferedEntries)
            {
                int drop = _entries.Count - MaxBufferedEntries;
                _bufferStart = _entries[drop - 1].Seq!.Value;
                _entries.RemoveRange(0, drop);
            }

            if (view.Status != _status || view.FinishedAt != _finishedAt)
            {
                (_status, _finishedAt) = (view.Status, view.FinishedAt);
                changed = true;
            }

            if (_status != ExecutionStatus.Running)
            {
                _end = FeedEnd.Final;
            }

            if (changed)
            {
                Signal();
            }

            return _end != FeedEnd.None;
        }
    }

    private void Finish(FeedEnd end)
    {
        lock (_lock)
        {
            _end = end;
            Signal();
        }
    }

    private void Signal()
    {
        TaskCompletionSource changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }
}
