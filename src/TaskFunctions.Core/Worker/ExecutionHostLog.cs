using System.Collections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Worker;

/// <summary>
/// Writes the entries an attempt stores to the host's log as well, under category
/// <see cref="TaskFunctionsTelemetry.ExecutionLogCategory"/>, at the entry's level, each in a scope that names the
/// execution, its task and the attempt (and holds the entry's <c>data</c> as JSON, if any). Entries are written as they
/// are stored, after the log's redaction; the execution's params never are. Switched by
/// <see cref="WorkerOptions.LogEntriesToHost"/>. Event ids are stable (5xx: execution entries, one per level).
/// </summary>
internal sealed partial class ExecutionHostLog
{
    private readonly ILogger _logger;
    private readonly bool _enabled;

    /// <summary>Initializes a new instance of the <see cref="ExecutionHostLog"/> class.</summary>
    /// <param name="loggers">The host's loggers.</param>
    /// <param name="options">The worker's options: whether entries go to the host's log.</param>
    public ExecutionHostLog(ILoggerFactory loggers, IOptions<WorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(options);
        _logger = loggers.CreateLogger(TaskFunctionsTelemetry.ExecutionLogCategory);
        _enabled = options.Value.LogEntriesToHost;
    }

    /// <summary>Writes every entry the run stores from now on to the host's log, until the returned follower is disposed.</summary>
    /// <param name="run">The attempt's run.</param>
    /// <returns>The follower.</returns>
    public Follower Follow(AttemptRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_enabled)
        {
            return new Follower(null, null);
        }

        var identity = new KeyValuePair<string, object?>[]
        {
            new("ExecutionId", run.ExecutionId),
            new("TaskName", run.Execution.TaskName),
            new("Attempt", run.Attempt),
        };
        void Write(LogEntry entry) => this.Write(identity, entry);
        run.Context.Logs.EntryWritten += Write;
        return new Follower(run.Context.Logs, Write);
    }

    /// <summary>Writes one entry; runs on the thread that wrote it, so it never throws into user code.</summary>
    private void Write(KeyValuePair<string, object?>[] identity, LogEntry entry)
    {
        string executionId = (string)identity[0].Value!;
        try
        {
            using (_logger.BeginScope(new EntryScope(identity, entry.Data?.GetRawText())))
            {
                switch (entry.Level)
                {
                    case TaskLogLevel.Debug:
                        DebugEntry(_logger, executionId, entry.Message);
                        break;
                    case TaskLogLevel.Info:
                        InfoEntry(_logger, executionId, entry.Message);
                        break;
                    case TaskLogLevel.Warn:
                        WarnEntry(_logger, executionId, entry.Message);
                        break;
                    default:
                        ErrorEntry(_logger, executionId, entry.Message);
                        break;
                }
            }
        }
        catch (Exception)
        {
            // A logging provider that fails must not fail the task: the entry is stored all the same.
        }
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Debug, Message = "Execution {ExecutionId}: {Entry}")]
    private static partial void DebugEntry(ILogger logger, string executionId, string entry);

    [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "Execution {ExecutionId}: {Entry}")]
    private static partial void InfoEntry(ILogger logger, string executionId, string entry);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: {Entry}")]
    private static partial void WarnEntry(ILogger logger, string executionId, string entry);

    [LoggerMessage(EventId = 504, Level = LogLevel.Error, Message = "Execution {ExecutionId}: {Entry}")]
    private static partial void ErrorEntry(ILogger logger, string executionId, string entry);

    /// <summary>
    /// Stops following a run's log when disposed. <see cref="DisposeAfter"/> keeps following until user code that
    /// outlives its attempt (a handler that ignored its token) returns, so that what it writes late is written too.
    /// </summary>
    internal sealed class Follower : IDisposable
    {
        private readonly TaskLog? _log;
        private readonly Action<LogEntry>? _write;
        private int _deferred;

        public Follower(TaskLog? log, Action<LogEntry>? write)
        {
            _log = log;
            _write = write;
        }

        /// <summary>Stops following once <paramref name="work"/> ends, instead of at <see cref="Dispose"/>.</summary>
        /// <param name="work">The user code still running.</param>
        public void DisposeAfter(Task work)
        {
            Interlocked.Exchange(ref _deferred, 1);
            _ = work.ContinueWith(_ => Stop(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>Stops following, unless <see cref="DisposeAfter"/> deferred it.</summary>
        public void Dispose()
        {
            if (Volatile.Read(ref _deferred) == 0)
            {
                Stop();
            }
        }

        private void Stop()
        {
            if (_log is not null)
            {
                _log.EntryWritten -= _write;
            }
        }
    }

    /// <summary>The scope of one entry: execution id, task name and attempt, and the entry's data as JSON text when it has any.</summary>
    private sealed class EntryScope(KeyValuePair<string, object?>[] identity, string? data) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => data is null ? identity.Length : identity.Length + 1;

        public KeyValuePair<string, object?> this[int index] =>
            index < identity.Length ? identity[index]
            : index == identity.Length && data is not null ? new("Data", data)
            : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (int i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"ExecutionId:{identity[0].Value} TaskName:{identity[1].Value} Attempt:{identity[2].Value}";
    }
}
