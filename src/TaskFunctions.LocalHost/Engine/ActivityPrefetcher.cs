using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using DurableTask.Core;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// Takes activity work items from storage with several calls at once, ahead of the sidecar's dispatcher, which asks
/// for one at a time and waits for each: on Azure Storage each take is a queue read, so one at a time caps the
/// activities a host starts at one per read latency (about 8 a second when Azurite answers in 120 ms under load),
/// however many it could run. One loop always waits for work, polling as the provider does when the queue is idle;
/// when it takes an item right after another and that take was slow (<c>slowTake</c>), the queue has a backlog that one
/// loop drains slowly, and up to <c>fetchers - 1</c> more loops take items at once, each stopping at its first empty
/// read. Takes that answer quickly stay one at a time, so a store that keeps up costs no extra reads (each extra loop
/// ends with one empty read). At most <c>maxTaken</c> items are taken and not yet
/// completed or abandoned, so a host holds no more than it runs; what is taken but not handed out when the host stops
/// taking work is put back at once.
/// </summary>
internal sealed partial class ActivityPrefetcher
{
    private readonly Func<TimeSpan, CancellationToken, Task<TaskActivityWorkItem>> _take;
    private readonly Func<TaskActivityWorkItem, Task> _putBack;
    private readonly Func<Exception, int> _delayAfterError;
    private readonly int _fetchers;
    private readonly TimeSpan _slowTake;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<TaskActivityWorkItem> _taken = Channel.CreateUnbounded<TaskActivityWorkItem>();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _loops = [];
    private readonly Lock _gate = new();
    private bool _stopped;
    private int _started;
    private int _running;

    /// <summary>Initializes a new instance of the <see cref="ActivityPrefetcher"/> class.</summary>
    /// <param name="take">Takes the next work item from storage, waiting up to the given time (null when none came).</param>
    /// <param name="putBack">Abandons a work item, so that any host takes it again at once.</param>
    /// <param name="delayAfterError">The provider's pause in seconds after a failed take.</param>
    /// <param name="fetchers">How many takes may run at once.</param>
    /// <param name="slowTake">How long a take must have taken for more loops to start.</param>
    /// <param name="maxTaken">How many work items may be taken and not yet completed or abandoned.</param>
    /// <param name="logger">The logger.</param>
    public ActivityPrefetcher(
        Func<TimeSpan, CancellationToken, Task<TaskActivityWorkItem>> take,
        Func<TaskActivityWorkItem, Task> putBack,
        Func<Exception, int> delayAfterError,
        int fetchers,
        TimeSpan slowTake,
        int maxTaken,
        ILogger logger)
    {
        _slowTake = slowTake;
        _take = take;
        _putBack = putBack;
        _delayAfterError = delayAfterError;
        _fetchers = fetchers;
        _logger = logger;
        _slots = new SemaphoreSlim(maxTaken, maxTaken);
    }

    /// <summary>Gets the next work item taken; null once stopped.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The work item, or null.</returns>
    public async Task<TaskActivityWorkItem?> NextAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            Interlocked.Increment(ref _running);
            _loops.Add(Task.Run(() => TakeAsync(Timeout.InfiniteTimeSpan, waitsForWork: true), CancellationToken.None));
        }

        try
        {
            return await _taken.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Frees the slot of a work item handed out, once it is completed or abandoned.</summary>
    public void Released() => _slots.Release();

    /// <summary>Stops taking work items and puts back those taken and not handed out.</summary>
    /// <returns>A task that completes when they are put back and no take runs any more.</returns>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _taken.Writer.TryComplete();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        while (_taken.Reader.TryRead(out TaskActivityWorkItem? workItem))
        {
            await PutBackAsync(workItem).ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogTakesLeft();
        }
    }

    private async Task TakeAsync(TimeSpan receiveTimeout, bool waitsForWork)
    {
        bool tookLast = false;
        try
        {
            while (true)
            {
                await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
                TaskActivityWorkItem? workItem;
                long started = Stopwatch.GetTimestamp();
                try
                {
                    workItem = await _take(receiveTimeout, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    _slots.Release();
                    LogTakeFailed(ex);
                    if (!waitsForWork)
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, _delayAfterError(ex))), _stop.Token).ConfigureAwait(false);
                    continue;
                }
                catch
                {
                    _slots.Release();
                    throw;
                }

                if (workItem is null)
                {
                    _slots.Release();
                    tookLast = false;
                    if (!waitsForWork)
                    {
                        return;
                    }

                    continue;
                }

                if (!Offer(workItem))
                {
                    await PutBackAsync(workItem).ConfigureAwait(false);
                    return;
                }

                // Two in a row: the queue has a backlog; if a take is slow, take more at once.
                if ((tookLast || !waitsForWork) && Stopwatch.GetElapsedTime(started) >= _slowTake)
                {
                    AddTake();
                }

                tookLast = true;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private void AddTake()
    {
        int running = Volatile.Read(ref _running);
        while (running < _fetchers)
        {
            int seen = Interlocked.CompareExchange(ref _running, running + 1, running);
            if (seen == running)
            {
                _loops.Add(Task.Run(() => TakeAsync(TimeSpan.Zero, waitsForWork: false), CancellationToken.None));
                return;
            }

            running = seen;
        }
    }

    private bool Offer(TaskActivityWorkItem workItem)
    {
        lock (_gate)
        {
            return !_stopped && _taken.Writer.TryWrite(workItem);
        }
    }

    private async Task PutBackAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await _putBack(workItem).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogPutBackFailed(workItem.Id, ex);
        }
        finally
        {
            _slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking an activity work item failed.")]
    private partial void LogTakeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not put activity work item {WorkItemId} back; its lock expires and a host takes it then.")]
    private partial void LogPutBackFailed(string workItemId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Takes of activity work items still ran 10 s after the host stopped taking work.")]
    private partial void LogTakesLeft();
}
