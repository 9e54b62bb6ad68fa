using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// An execution whose log and status a test changes, read as the status route reads it (the entries after a seq),
/// counting the reads; a read can be made to fail.
/// </summary>
internal sealed class WatchedExecution
{
    public const string Id = "550e8400-e29b-41d4-a716-446655440000";

    private readonly Lock _lock = new();
    private readonly List<LogEntry> _log = [];
    private ExecutionStatus _status = ExecutionStatus.Running;
    private DateTime? _finishedAt;
    private int _reads;

    public WatchedExecution(int entries = 1)
    {
        Write(entries);
    }

    /// <summary>Gets or sets what the next reads throw, if anything.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Gets or sets a value indicating whether the execution is gone (purged): reads find none.</summary>
    public bool Gone { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public int LogCount
    {
        get
        {
            lock (_lock)
            {
                return _log.Count;
            }
        }
    }

    /// <summary>Appends entries <c>entry n</c>, numbered on.</summary>
    public void Write(int count = 1)
    {
        lock (_lock)
        {
            for (int i = 0; i < count; i++)
            {
                int seq = _log.Count + 1;
                _log.Add(new LogEntry(Requests.Start.AddSeconds(seq), TaskLogLevel.Info, $"entry {seq}") { Seq = seq });
            }
        }
    }

    public void Finish(ExecutionStatus status, int lastEntries = 1)
    {
        lock (_lock)
        {
            Write(lastEntries);
            (_status, _finishedAt) = (status, Requests.Start.AddMinutes(1));
        }
    }

    public Task<ExecutionView?> ReadAsync(int after, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        if (Failure is { } failure)
        {
            return Task.FromException<ExecutionView?>(failure);
        }

        lock (_lock)
        {
            return Task.FromResult(Gone ? null : new ExecutionView(
                Id, "alpha", TriggerKind.Api, _status, Requests.Start, _finishedAt, [.. _log.Where(e => e.Seq > after)], LogCount: _log.Count));
        }
    }

    /// <summary>Watches as <see cref="TaskExecutionClient.WatchAsync"/> does: one read, then the shared feeds.</summary>
    public async Task<ExecutionWatch> WatchAsync(ExecutionFeeds feeds, int after = 0) =>
        new(await ReadAsync(after, CancellationToken.None) ?? throw new InvalidOperationException("gone"), after, feeds, ReadAsync);
}
