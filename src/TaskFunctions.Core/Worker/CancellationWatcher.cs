using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// Tells the attempts running on this host that their execution was cancelled elsewhere. Terminating an
/// orchestration does not stop its running activity, so one loop per host reads the status of the executions
/// it runs, at most <see cref="WorkerOptions.MaxStatusReadsPerPoll"/> per <see cref="WorkerOptions.CancellationPollInterval"/>,
/// the least recently read first, and cancels an attempt whose instance is no longer running. A cancel made on
/// this host does not wait for it (<see cref="LocalCancellation"/>).
/// </summary>
internal sealed class CancellationWatcher : IAsyncDisposable, IDisposable
{
    private readonly LocalCancellation _local;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Dictionary<string, long> _lastRead = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private DurableTaskClient? _client;
    private Task? _loop;
    private long _poll;

    public CancellationWatcher(LocalCancellation local, IOptions<WorkerOptions> options, TimeProvider clock, ILogger<CancellationWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _local = local;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Watches an execution until the returned handle is disposed.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="cancellation">Cancelled once the execution is cancelled.</param>
    /// <param name="client">The durable client to read statuses with.</param>
    /// <returns>The registration.</returns>
    public IDisposable Watch(string executionId, CancellationTokenSource cancellation, DurableTaskClient client)
    {
        IDisposable registration = _local.Register(executionId, cancellation);
        lock (_lock)
        {
            _client = client;
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }

        return registration;
    }

    public void Dispose() => _stop.Cancel();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CancellationPollInterval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                string[] due = NextToRead();
                await Task.WhenAll(due.Select(id => CheckAsync(id, cancellationToken))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>Picks the executions to read in this poll: the least recently read first.</summary>
    private string[] NextToRead()
    {
        _poll++;
        var running = new HashSet<string>(_local.ExecutionIds, StringComparer.Ordinal);
        foreach (string gone in _lastRead.Keys.Where(id => !running.Contains(id)).ToList())
        {
            _lastRead.Remove(gone);
        }

        string[] due = [.. running.OrderBy(id => _lastRead.GetValueOrDefault(id)).ThenBy(id => id, StringComparer.Ordinal).Take(_options.MaxStatusReadsPerPoll)];
        foreach (string id in due)
        {
            _lastRead[id] = _poll;
        }

        return due;
    }

    private async Task CheckAsync(string executionId, CancellationToken cancellationToken)
    {
        DurableTaskClient? client;
        lock (_lock)
        {
            client = _client;
        }

        try
        {
            OrchestrationMetadata? instance = await client!.GetInstanceAsync(executionId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            if (instance is null || !ExecutionStatuses.IsActive(instance.RuntimeStatus))
            {
                Log.StoppingCancelledAttempt(_logger, executionId, instance?.RuntimeStatus.ToString() ?? "gone");
                _local.Cancel(executionId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.StatusReadFailed(_logger, executionId, ex);
        }
    }
}
