using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The activity that runs one attempt of an execution, in one <see cref="TaskContext"/>: before middleware
/// (first attempt), handler and after middleware; then the outcome's lifecycle entries and, when the execution
/// has failed for good, the error middleware. While it runs, its entries go to the orchestration as live
/// batches, and its token fires at the execution's deadline or as soon as the execution is cancelled. User code
/// never makes it throw: failures come back in <see cref="AttemptResult"/>.
/// </summary>
internal sealed partial class AttemptRunner
{
    /// <summary>How many archive chunks an attempt reads at once.</summary>
    private const int MaxArchiveReads = 4;

    private readonly TaskCatalog _catalog;
    private readonly MiddlewarePipeline _pipeline;
    private readonly IServiceScopeFactory _scopes;
    private readonly LiveLogBudget _budget;
    private readonly CancellationWatcher _watcher;
    private readonly AttemptDeliveries _deliveries;
    private readonly TimeProvider _clock;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;
    private readonly ExecutionHostLog _hostLog;
    private readonly CancellationTokenSource _stopping = new();
    private volatile bool _handingBack;
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    internal AttemptRunner(
        TaskCatalog catalog,
        MiddlewarePipeline pipeline,
        IServiceScopeFactory scopes,
        LiveLogBudget budget,
        CancellationWatcher watcher,
        AttemptDeliveries deliveries,
        TimeProvider clock,
        IOptions<WorkerOptions> options,
        ILogger<AttemptRunner> logger,
        ExecutionHostLog hostLog)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _pipeline = pipeline;
        _scopes = scopes;
        _budget = budget;
        _watcher = watcher;
        _deliveries = deliveries;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _hostLog = hostLog;
    }

    /// <summary>Runs an attempt.</summary>
    /// <param name="request">The attempt and the execution's state.</param>
    /// <param name="client">The durable client: live log batches, and noticing a cancel made on another host.</param>
    /// <param name="cancellationToken">Cancels the attempt (hosts pass none: an interrupted activity runs again).</param>
    /// <returns>How the attempt ended, with every entry it wrote.</returns>
    public async Task<AttemptResult> RunAsync(AttemptRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        using var telemetry = new AttemptTelemetry(request, _clock);
        try
        {
            AttemptResult result = await RunAttemptAsync(request, client, cancellationToken).ConfigureAwait(false);
            telemetry.End(result);
            return result;
        }
        catch (Exception ex)
        {
            telemetry.Fail(ex);
            throw;
        }
    }

    private async Task<AttemptResult> RunAttemptAsync(AttemptRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        (IReadOnlyList<LogEntry> earlier, int omitted) = await EarlierEntriesAsync(request, client, cancellationToken).ConfigureAwait(false);
        var run = new AttemptRun(request, earlier, omitted, _clock) { RunsAgain = _deliveries.TakeRunsAgain(request.Execution.ExecutionId) };
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[run.RunId] = finished.Task;
        try
        {
            // Registered first, checked second: an attempt that begins once the host is stopping either is in the
            // set InterruptAsync waits for, or sees the flag here and is handed back before any user code runs.
            if (_handingBack)
            {
                Log.AttemptStopped(_logger, run.ExecutionId, run.Attempt, run.Context.Stage, "the host is stopping");
                return run.Result(AttemptOutcome.Interrupted) with { Items = request.Items };
            }

            return await RunAsync(run, client, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(run.RunId, out _);
            finished.TrySetResult();
        }
    }

    /// <summary>
    /// Lets the attempts running in this process finish within <paramref name="grace"/>, then hands the others
    /// back: their token fires and they end as <see cref="AttemptOutcome.Interrupted"/>, which the orchestrator
    /// runs again at once on whichever host takes it. An attempt that begins from now on is handed back before it
    /// runs any user code. Called when the host stops.
    /// </summary>
    /// <param name="grace">How long running attempts may take to finish.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when no attempt runs here any more.</returns>
    public async Task InterruptAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        _handingBack = true;
        Task all = Task.WhenAll(_running.Values);
        if (await Task.WhenAny(all, Task.Delay(grace, _clock, cancellationToken)).ConfigureAwait(false) != all)
        {
            Log.HandingBackAttempts(_logger, _running.Count, grace.TotalSeconds);
            await _stopping.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(_running.Values).WaitAsync(_options.StopGracePeriod + TimeSpan.FromSeconds(1), _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Gets the log so far for the attempt's context: the entries the request carries, preceded by the archived
    /// ones when there are any, so that handlers and middleware see every entry. If the archive cannot be read,
    /// the context holds the newest entries and says how many it leaves out.
    /// </summary>
    private async Task<(IReadOnlyList<LogEntry> Earlier, int Omitted)> EarlierEntriesAsync(
        AttemptRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (request.OmittedLogCount == 0 || request.ArchiveChunkCount == 0)
        {
            return (request.Logs, request.OmittedLogCount);
        }

        try
        {
            IReadOnlyList<LogEntry>?[] chunks = await LogArchive.ReadAsync(
                client, request.Execution.ExecutionId, request.ArchiveChunkCount, MaxArchiveReads, cancellationToken).ConfigureAwait(false);
            (List<LogEntry> archived, bool whole) = LogArchive.Join(chunks);
            if (whole && archived.Count == request.OmittedLogCount)
            {
                return ([.. archived, .. request.Logs], 0);
            }

            Log.ArchivedLogIncomplete(_logger, request.Execution.ExecutionId, archived.Count, request.OmittedLogCount);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ArchivedLogUnreadable(_logger, request.Execution.ExecutionId, ex);
        }

        return (request.Logs, request.OmittedLogCount);
    }

    private async Task<AttemptResult> RunAsync(AttemptRun run, DurableTaskClient client, CancellationToken cancellationToken)
    {
        AttemptRequest request = run.Request;
        using var deadline = new CancellationTokenSource(Until(run.Context.Deadline), _clock);
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancelled.Token, _stopping.Token);
        using IDisposable watch = _watcher.Watch(run.ExecutionId, cancelled, client);
        using ExecutionHostLog.Follower hostLog = _hostLog.Follow(run);

        AttemptResult result;
        Task<Exception?> stages;
        bool returned;
        await using (new LiveLogPublisher(client, request, run.RunId, run.RunsAgain, run.Context.Logs, _budget, _options.LiveLogInterval, _logger).ConfigureAwait(false))
        {
            // An attempt that starts after the deadline (queued behind others, or run again after a crash) only
            // records the timeout.
            bool expired = deadline.IsCancellationRequested;
            stages = expired ? Task.FromResult<Exception?>(null) : RunStagesAsync(run, stop.Token);
            returned = expired || await ReturnsInTimeAsync(stages, stop.Token).ConfigureAwait(false);
            Exception? failure = returned ? await stages.ConfigureAwait(false) : null;
            bool timedOut = expired || (deadline.IsCancellationRequested && (!returned || failure is not null));

            bool stopped = !timedOut && (!returned || failure is not null);
            if (stopped && cancelled.IsCancellationRequested)
            {
                Log.AttemptStopped(_logger, run.ExecutionId, run.Attempt, run.Context.Stage, "the execution was cancelled");
                return run.Result(AttemptOutcome.Cancelled);
            }

            if (stopped && _stopping.IsCancellationRequested)
            {
                Log.AttemptStopped(_logger, run.ExecutionId, run.Attempt, run.Context.Stage, "the host is stopping");
                return run.Result(AttemptOutcome.Interrupted) with { Items = request.Items };
            }

            result = timedOut ? await TimeOutAsync(run, cancelled.Token).ConfigureAwait(false)
                : failure is null ? Succeed(run)
                : await FailAsync(run, failure, cancelled.Token).ConfigureAwait(false);
        }

        if (!returned)
        {
            Log.HandlerAbandoned(_logger, run.ExecutionId, run.Attempt, _options.StopGracePeriod.TotalMilliseconds);
            hostLog.DisposeAfter(stages);
            _ = ForwardLateEntriesAsync(client, run, stages, result.Logs.Count);
            return result with { HandlerAbandoned = true };
        }

        return result;
    }

    private TimeSpan Until(DateTime moment)
    {
        TimeSpan left = moment - _clock.GetUtcNow().UtcDateTime;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
