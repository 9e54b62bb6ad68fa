using System.Runtime.CompilerServices;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Client;

/// <summary>
/// One client's watch of an execution (<see cref="TaskExecutionClient.WatchAsync"/>): the execution as first read,
/// with the log entries after the seq the watch started from, and then its changes as they happen, read from the feed
/// that every watch of the execution on this host shares.
/// </summary>
public sealed class ExecutionWatch
{
    private readonly ExecutionFeeds _feeds;
    private readonly ExecutionRead _read;
    private int _started;

    /// <summary>Initializes a new instance of the <see cref="ExecutionWatch"/> class.</summary>
    /// <param name="execution">The execution as first read, with the entries after <paramref name="logsAfter"/>.</param>
    /// <param name="logsAfter">The seq of the last entry the client had before the watch.</param>
    /// <param name="feeds">The host's feeds.</param>
    /// <param name="read">Reads the execution for this watch, when it falls behind its feed.</param>
    internal ExecutionWatch(ExecutionView execution, int logsAfter, ExecutionFeeds feeds, ExecutionRead read)
    {
        Execution = execution;
        LastSeq = execution.Logs.Count > 0 && execution.Logs[^1].Seq is int last ? Math.Max(last, logsAfter) : logsAfter;
        _feeds = feeds;
        _read = read;
    }

    /// <summary>Gets the execution as first read, with the log entries after the seq the watch started from.</summary>
    public ExecutionView Execution { get; }

    /// <summary>Gets the seq of the last entry in <see cref="Execution"/> (the seq the watch started from if it has none).</summary>
    public int LastSeq { get; }

    /// <summary>
    /// The changes after <see cref="Execution"/>: each new log entry once, in order and without gaps, and each change
    /// of status. The sequence ends after a final status (completed, failed, cancelled) and the entries before it, or
    /// at once if <see cref="Execution"/> already has one; and if the execution disappears. It can be read once.
    /// </summary>
    /// <param name="cancellationToken">Stops watching.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="InvalidOperationException">The changes were already read.</exception>
    public IAsyncEnumerable<ExecutionChange> ChangesAsync(CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _started, 1) == 0
            ? ReadChangesAsync(cancellationToken)
            : throw new InvalidOperationException("The changes of a watch can be read once; watch again for another reader.");

    private async IAsyncEnumerable<ExecutionChange> ReadChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int cursor = LastSeq;
        ExecutionStatus status = Execution.Status;
        if (status != ExecutionStatus.Running)
        {
            yield break;
        }

        ExecutionFeed feed = _feeds.Join(Execution.ExecutionId, cursor, _read);
        try
        {
            while (true)
            {
                FeedState state = feed.Read(cursor);
                (IReadOnlyList<LogEntry> entries, ExecutionStatus now, DateTime? finishedAt, bool gone) =
                    (state.Entries, state.Status, state.FinishedAt, state.End is FeedEnd.Gone or FeedEnd.Broken);
                if (!state.Covers)
                {
                    // The feed no longer holds every entry after this watch's (it started later, or the watch fell more
                    // than its buffer behind): read them once for this watch, as a poller would.
                    (bool read, ExecutionView? own) = await ReadOwnAsync(cursor, cancellationToken).ConfigureAwait(false);
                    if (read)
                    {
                        if (own is null)
                        {
                            yield break;
                        }

                        (entries, now, finishedAt, gone) = (own.Logs, own.Status, own.FinishedAt, false);
                    }
                    else
                    {
                        (entries, now) = ([], status);
                    }
                }

                foreach (LogEntry entry in entries)
                {
                    if (entry.Seq is int seq && seq > cursor)
                    {
                        cursor = seq;
                        yield return new ExecutionLogAppended(entry);
                    }
                }

                if (now != status)
                {
                    status = now;
                    yield return new ExecutionStatusChanged(now, finishedAt);
                }

                if (status != ExecutionStatus.Running || gone)
                {
                    yield break;
                }

                await state.Changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _feeds.Leave(feed);
        }
    }

    /// <summary>Reads for this watch; an unavailable store is not an error here: the next change tries again.</summary>
    private async Task<(bool Read, ExecutionView? View)> ReadOwnAsync(int cursor, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await _read(cursor, cancellationToken).ConfigureAwait(false));
        }
        catch (TaskStoreUnavailableException)
        {
            return (false, null);
        }
    }
}
