using System.Threading.Channels;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// Sends the entries a running attempt writes to its own orchestration as <see cref="LiveLogBatch"/> events:
/// an entry waits at least one interval (so an attempt that ends sooner sends nothing: its result carries the
/// entries) and then for the host's <see cref="LiveLogBudget"/>; entries written meanwhile go in the same
/// batch. A batch that cannot be sent is not retried: the attempt's result carries every entry.
/// </summary>
internal sealed partial class LiveLogPublisher : IAsyncDisposable
{
    /// <summary>How long one send may take: the attempt's result waits for a send under way.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly DurableTaskClient _client;
    private readonly string _executionId;
    private readonly int _attempt;
    private readonly string _runId;
    private readonly bool _runsAgain;
    private readonly TaskLog _log;
    private readonly LiveLogBudget _budget;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Channel<bool> _written = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _sent;

    public LiveLogPublisher(DurableTaskClient client, AttemptRequest request, string runId, bool runsAgain, TaskLog log, LiveLogBudget budget, TimeSpan interval, ILogger logger)
    {
        _runsAgain = runsAgain;
        _client = client;
        _executionId = request.Execution.ExecutionId;
        _attempt = request.Attempt;
        _runId = runId;
        _log = log;
        _budget = budget;
        _interval = interval;
        _logger = logger;
        _log.EntryWritten += OnEntryWritten;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops sending; a send under way is finished first.</summary>
    /// <returns>A task that completes when the publisher has stopped.</returns>
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
                if (_log.WrittenCount > _sent)
                {
                    await _budget.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
                    await SendAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The attempt is over; its result carries what was not sent.
        }
    }

    private async Task SendAsync()
    {
        IReadOnlyList<LogEntry> entries = _log.WrittenSince(_sent);
        if (entries.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(SendTimeout);
            await _client.RaiseEventAsync(_executionId, ProtocolNames.LiveLogEvent, new LiveLogBatch(_attempt, _runId, _sent, entries, _runsAgain), timeout.Token).ConfigureAwait(false);
            _sent += entries.Count;
        }
        catch (Exception ex)
        {
            Log.LiveLogSendFailed(_logger, _executionId, ex);
        }
    }
}
