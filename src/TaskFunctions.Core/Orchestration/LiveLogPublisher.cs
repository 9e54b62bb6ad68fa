using System.Threading.Channels;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Orchestration;

/// <summary>
/// Sends the entries a stage writes to its own orchestration as <see cref="LiveLogBatch"/> events while the stage
/// runs: an entry waits at most one interval, and entries written meanwhile go in the same batch. Nothing is sent
/// while the stage writes nothing, nor for a stage that ends within the interval (its result carries the entries,
/// and each batch costs the orchestration an episode). A batch that cannot be sent is not retried: the stage's
/// result carries every entry.
/// </summary>
internal sealed partial class LiveLogPublisher : IAsyncDisposable
{
    private readonly DurableTaskClient _client;
    private readonly StageRequest _request;
    private readonly TaskLog _log;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Channel<bool> _written = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _sent;

    public LiveLogPublisher(DurableTaskClient client, StageRequest request, TaskLog log, TimeSpan interval, ILogger logger)
    {
        _client = client;
        _request = request;
        _log = log;
        _interval = interval;
        _logger = logger;
        _log.EntryWritten += OnEntryWritten;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        _log.EntryWritten -= OnEntryWritten;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private void OnEntryWritten(LogEntry entry) => _written.Writer.TryWrite(true);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _written.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(_interval, cancellationToken).ConfigureAwait(false);
                _written.Reader.TryRead(out _);

                // A send under way is finished even when the stage ends meanwhile: the batch is ready.
                await SendAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stage is over; its result carries what was not sent.
        }
    }

    private async Task SendAsync()
    {
        IReadOnlyList<LogEntry> entries = _log.WrittenSince(_sent);
        if (entries.Count == 0)
        {
            return;
        }

        var batch = new LiveLogBatch(_request.Stage, _request.Attempt, _sent, entries);
        try
        {
            await _client.RaiseEventAsync(_request.Execution.ExecutionId, LiveLogBatch.EventName, batch).ConfigureAwait(false);
            _sent += entries.Count;
        }
        catch (Exception ex)
        {
            LogSendFailed(_request.Execution.ExecutionId, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId}: could not send live log entries; they arrive with the stage's result.")]
    private partial void LogSendFailed(string executionId, Exception exception);
}
