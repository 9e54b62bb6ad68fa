using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace TaskFunctions.Client;

/// <summary>
/// The feeds of one host, one per watched execution: a watcher joins the feed of its execution (started for the first
/// one) and leaves it when its stream ends (stopped after the last one). One instance is shared by every
/// <see cref="TaskExecutionClient"/> the host makes, so all the host's streams of an execution share one reader.
/// </summary>
internal sealed class ExecutionFeeds
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ExecutionFeed> _feeds = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="ExecutionFeeds"/> class.</summary>
    /// <param name="interval">How often a feed reads its execution.</param>
    /// <param name="clock">The clock of the pauses between reads.</param>
    /// <param name="logger">Where a feed's failed read is logged (nowhere if none).</param>
    public ExecutionFeeds(TimeSpan interval, TimeProvider clock, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _clock = clock;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets how often a feed reads its execution.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Gets how many executions have a feed now.</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>The feed of an execution now, if it has one.</summary>
    /// <param name="executionId">The execution.</param>
    /// <returns>The feed, or <see langword="null"/>.</returns>
    internal ExecutionFeed? Find(string executionId)
    {
        lock (_lock)
        {
            return _feeds.GetValueOrDefault(executionId);
        }
    }

    /// <summary>Joins the feed of an execution, starting one if it has none (or only one that is gone or broken).</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="lastSeq">The seq of the last entry the watcher has; a new feed reads the entries after it.</param>
    /// <param name="read">How a new feed reads the execution.</param>
    /// <returns>The feed; <see cref="Leave"/> it when done.</returns>
    public ExecutionFeed Join(string executionId, int lastSeq, ExecutionRead read)
    {
        lock (_lock)
        {
            if (!_feeds.TryGetValue(executionId, out ExecutionFeed? feed) || feed.Replaceable)
            {
                feed = new ExecutionFeed(executionId, lastSeq, read, Interval, _clock, _logger);
                _feeds[executionId] = feed;
                feed.Start();
            }

            feed.Watchers++;
            return feed;
        }
    }

    /// <summary>Leaves a feed; the last watcher to leave stops it.</summary>
    /// <param name="feed">The feed <see cref="Join"/> returned.</param>
    public void Leave(ExecutionFeed feed)
    {
        lock (_lock)
        {
            if (--feed.Watchers > 0)
            {
                return;
            }

            if (_feeds.TryGetValue(feed.ExecutionId, out ExecutionFeed? current) && ReferenceEquals(current, feed))
            {
                _feeds.Remove(feed.ExecutionId);
            }

            feed.Stop();
        }
    }
}
