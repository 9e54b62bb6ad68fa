namespace TaskFunctions.Client;

/// <summary>
/// Starts, replays, reads, lists, cancels and purges executions: what the HTTP API offers, for code in the same process. Get one
/// from dependency injection where the host registers a <c>DurableTaskClient</c> (the local host), or from
/// <see cref="TaskExecutionClientFactory"/> with the client a trigger is given (the Functions app).
/// </summary>
public abstract class TaskExecutionClient
{
    private ExecutionFeeds? _ownFeeds;

    /// <summary>Schedules an execution and returns at once, before the task runs.</summary>
    /// <param name="taskName">A task of the catalog.</param>
    /// <param name="request">The trigger, params, timeout and idempotency key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new execution, the existing one for a repeated key, or a conflict at the task's concurrency limit.</returns>
    /// <exception cref="ArgumentException">The task is not in the catalog, or the request's timeout is longer than the task's.</exception>
    public abstract Task<StartResult> StartAsync(string taskName, StartRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a new execution of an execution's task with the same params (and the same shorter timeout, if it asked
    /// for one), trigger <see cref="Execution.TriggerKind.Replay"/>: the new execution's log names the original after
    /// its first entry, and its view carries <see cref="ExecutionView.ReplayOf"/>. It is started as
    /// <see cref="StartAsync"/> starts any execution.
    /// </summary>
    /// <param name="executionId">The execution to run again, canonical form; running or finished.</param>
    /// <param name="idempotencyKey">The client's key that makes the replay safe to repeat, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// The task and the start (new, existing for a repeated key, or a conflict at the task's concurrency limit), or
    /// <see langword="null"/> when there is no execution with that id.
    /// </returns>
    /// <exception cref="ArgumentException">The execution's task is no longer in the catalog, or the key is out of range.</exception>
    public abstract Task<ReplayResult?> ReplayAsync(string executionId, string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one execution with its whole log, running or finished; each entry carries its <c>Seq</c>.</summary>
    /// <param name="executionId">The execution id, canonical form.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution, or <see langword="null"/> when there is none with that id.</returns>
    public virtual Task<ExecutionView?> GetAsync(string executionId, CancellationToken cancellationToken = default) =>
        GetAsync(executionId, logsAfter: 0, cancellationToken);

    /// <summary>
    /// Reads one execution with the log entries after the last one a poller has, so that polling a long log stays
    /// cheap. The entries served are contiguous: a poller that passes the last <c>Seq</c> it got loses none.
    /// </summary>
    /// <param name="executionId">The execution id, canonical form.</param>
    /// <param name="logsAfter">The <c>Seq</c> of the last entry the caller has; 0 for the whole log.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution, or <see langword="null"/> when there is none with that id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logsAfter"/> is negative.</exception>
    public abstract Task<ExecutionView?> GetAsync(string executionId, int logsAfter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches one execution: reads it with the log entries after <paramref name="logsAfter"/> (as
    /// <see cref="GetAsync(string, int, CancellationToken)"/> does), then serves its changes as they happen. Every watch
    /// of an execution made through the clients of one host shares one reader, which reads the execution every
    /// <see cref="TaskExecutionClientOptions.EventsPollInterval"/> while anyone watches.
    /// </summary>
    /// <param name="executionId">The execution id, canonical form.</param>
    /// <param name="logsAfter">The <c>Seq</c> of the last entry the caller has; 0 for the whole log.</param>
    /// <param name="cancellationToken">Cancels the first read.</param>
    /// <returns>The watch, or <see langword="null"/> when there is no execution with that id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logsAfter"/> is negative.</exception>
    public virtual async Task<ExecutionWatch?> WatchAsync(string executionId, int logsAfter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(logsAfter);
        ExecutionView? execution = await GetAsync(executionId, logsAfter, cancellationToken).ConfigureAwait(false);
        return execution is null ? null : new ExecutionWatch(execution, logsAfter, Feeds, (after, token) => GetAsync(executionId, after, token));
    }

    /// <summary>Lists one task's executions, newest first, a page at a time.</summary>
    /// <param name="taskName">A task of the catalog.</param>
    /// <param name="query">Filters and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">The task is not in the catalog, or the query's continuation token was not handed out for its list.</exception>
    public abstract Task<ExecutionPage> ListAsync(string taskName, ExecutionListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Cancels executions by id.</summary>
    /// <param name="executionIds">Canonical execution ids, without duplicates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Which ids were cancelled, not found, or not running.</returns>
    public abstract Task<CancelByIdsResult> CancelAsync(IReadOnlyList<string> executionIds, CancellationToken cancellationToken = default);

    /// <summary>Cancels every running execution of the named tasks.</summary>
    /// <param name="taskNames">Task names, without duplicates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cancelled execution ids and the names that are not tasks.</returns>
    public abstract Task<CancelByTaskNamesResult> CancelTasksAsync(IReadOnlyList<string> taskNames, CancellationToken cancellationToken = default);

    /// <summary>Cancels every running execution.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were cancelled.</returns>
    public abstract Task<CancelAllResult> CancelAllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the feeds the watches of this client share: the host's, for the clients the core makes; for any other
    /// implementation, its own, reading at the default interval.
    /// </summary>
    private protected virtual ExecutionFeeds Feeds =>
        LazyInitializer.EnsureInitialized(ref _ownFeeds, () => new ExecutionFeeds(new TaskExecutionClientOptions().EventsPollInterval, TimeProvider.System));

    /// <summary>
    /// Purges the finished executions a query names, with their archived log chunks and the claims of the
    /// idempotency keys that started them, and the concurrency slots that are free; in batches, pausing between them
    /// (<see cref="RetentionOptions"/>). Running executions, and what belongs to them, are never purged. A purged
    /// execution is gone: reads answer as for an unknown id, lists leave it out, and its key starts afresh.
    /// </summary>
    /// <param name="query">Which executions.</param>
    /// <param name="cancellationToken">Stops the purge; what is purged stays purged.</param>
    /// <returns>What was purged.</returns>
    public abstract Task<PurgeReport> PurgeAsync(PurgeQuery query, CancellationToken cancellationToken = default);
}
