using System.Collections.Concurrent;
using DurableTask.Core;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// Passes every call of <see cref="IOrchestrationService"/> to an inner service. Subclasses change one
/// behaviour of a storage provider (concurrency, lock renewal) without touching the rest. It also tells when the
/// service has stopped, which the dispatcher that stops it does not, and takes activity work items with several
/// storage calls at once where a subclass asks for it (<see cref="ActivityFetchers"/>, <see cref="ActivityPrefetcher"/>).
/// </summary>
internal abstract class OrchestrationServiceDecorator : IOrchestrationService
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _draining = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _activitiesInFlight;
    private int _orchestrationsInFlight;
    private long _lastOrchestrationTicks;
    private ActivityPrefetcher? _prefetcher;
    // By reference: the in-memory service gives every activity work item the same id.
    private readonly ConcurrentDictionary<TaskActivityWorkItem, byte> _handedOut = new(ReferenceEqualityComparer.Instance);

    protected OrchestrationServiceDecorator(IOrchestrationService inner)
    {
        Inner = inner;
    }

    /// <summary>Gets a task that completes once <see cref="StopAsync(bool)"/> has stopped the inner service.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Gets how many activity work items have been handed out and not yet completed or abandoned.</summary>
    public int ActivitiesInFlight => Volatile.Read(ref _activitiesInFlight);

    /// <summary>
    /// Stops handing out activity work items: a stopping host takes no new attempt, so the task hub's other hosts
    /// (or this one, started again) get them at once; those taken ahead of the dispatcher are put back.
    /// </summary>
    /// <returns>A task that completes when those are put back.</returns>
    public async Task StopTakingActivitiesAsync()
    {
        _draining.TrySetResult();
        if (_prefetcher is not null)
        {
            await _prefetcher.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every activity work item handed out has been completed or abandoned.</summary>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Whether none is left.</returns>
    public async Task<bool> WaitForActivitiesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime giveUp = DateTime.UtcNow + timeout;
        while (ActivitiesInFlight > 0 && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }

        return ActivitiesInFlight == 0;
    }

    /// <summary>
    /// Waits until no orchestration work item is in flight and none has been taken for <paramref name="quiet"/>:
    /// the results of the attempts this host handed back are then recorded, while it still owns their partitions,
    /// instead of staying hidden in a stopped host's buffer until their lock expires.
    /// </summary>
    /// <param name="quiet">How long no orchestration work item may be taken.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the orchestrations are quiet or the time is up.</returns>
    public async Task WaitForQuietOrchestrationsAsync(TimeSpan quiet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Quiet from now on: a result stored a moment ago may not have reached the dispatcher yet.
        Interlocked.Exchange(ref _lastOrchestrationTicks, DateTime.UtcNow.Ticks);
        DateTime giveUp = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < giveUp
            && (Volatile.Read(ref _orchestrationsInFlight) > 0 || DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastOrchestrationTicks) < quiet.Ticks))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets the decorated service.</summary>
    protected IOrchestrationService Inner { get; }

    /// <summary>Gets how many activity work items may be taken from storage at once; 1 takes them one at a time, as the dispatcher asks.</summary>
    protected virtual int ActivityFetchers => 1;

    /// <summary>Gets how long a take of an activity work item must have taken for more takes to run at once.</summary>
    protected virtual TimeSpan SlowActivityTake => TimeSpan.Zero;

    /// <summary>Gets the logger of the prefetch.</summary>
    protected virtual ILogger PrefetchLogger => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public virtual int TaskOrchestrationDispatcherCount => Inner.TaskOrchestrationDispatcherCount;

    public virtual int MaxConcurrentTaskOrchestrationWorkItems => Inner.MaxConcurrentTaskOrchestrationWorkItems;

    public virtual BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => Inner.EventBehaviourForContinueAsNew;

    public virtual int TaskActivityDispatcherCount => Inner.TaskActivityDispatcherCount;

    public virtual int MaxConcurrentTaskActivityWorkItems => Inner.MaxConcurrentTaskActivityWorkItems;

    public virtual Task StartAsync() => Inner.StartAsync();

    public Task StopAsync() => StopAsync(isForced: false);

    public virtual async Task StopAsync(bool isForced)
    {
        try
        {
            if (_prefetcher is not null)
            {
                await _prefetcher.StopAsync().ConfigureAwait(false);
            }

            await Inner.StopAsync(isForced).ConfigureAwait(false);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    public virtual Task CreateAsync() => Inner.CreateAsync();

    public virtual Task CreateAsync(bool recreateInstanceStore) => Inner.CreateAsync(recreateInstanceStore);

    public virtual Task CreateIfNotExistsAsync() => Inner.CreateIfNotExistsAsync();

    public virtual Task DeleteAsync() => Inner.DeleteAsync();

    public virtual Task DeleteAsync(bool deleteInstanceStore) => Inner.DeleteAsync(deleteInstanceStore);

    public virtual bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        Inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public virtual int GetDelayInSecondsAfterOnProcessException(Exception exception) => Inner.GetDelayInSecondsAfterOnProcessException(exception);

    public virtual int GetDelayInSecondsAfterOnFetchException(Exception exception) => Inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskOrchestrationWorkItem workItem = await Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            Interlocked.Increment(ref _orchestrationsInFlight);
            Interlocked.Exchange(ref _lastOrchestrationTicks, DateTime.UtcNow.Ticks);
        }

        return workItem!;
    }

    public virtual Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public virtual Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        Inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public virtual Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => Inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _orchestrationsInFlight);
            Interlocked.Exchange(ref _lastOrchestrationTicks, DateTime.UtcNow.Ticks);
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (_draining.Task.IsCompleted)
        {
            // Until the dispatcher stops; it asks again at once on a null work item.
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        ActivityPrefetcher? prefetcher = Prefetcher();
        TaskActivityWorkItem? workItem = prefetcher is null
            ? await LockNextActivityAsync(receiveTimeout, cancellationToken).ConfigureAwait(false)
            : await prefetcher.NextAsync(cancellationToken).ConfigureAwait(false);
        if (workItem is not null && _draining.Task.IsCompleted)
        {
            // Taken while the host began to stop: put it back for another host rather than start it here.
            try
            {
                await AbandonActivityAsync(workItem).ConfigureAwait(false);
            }
            finally
            {
                prefetcher?.Released();
            }

            workItem = null;
        }

        if (workItem is null && _draining.Task.IsCompleted)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }

        if (workItem is not null)
        {
            _handedOut[workItem] = 0;
            Interlocked.Increment(ref _activitiesInFlight);
        }

        return workItem!;
    }

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await CompleteActivityAsync(workItem, responseMessage).ConfigureAwait(false);
        }
        finally
        {
            Done(workItem);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await AbandonActivityAsync(workItem).ConfigureAwait(false);
        }
        finally
        {
            Done(workItem);
        }
    }

    public virtual Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => Inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <summary>
    /// Counts a work item handed out as done once, when it is completed or abandoned: the dispatcher abandons a work
    /// item whose completion failed.
    /// </summary>
    private void Done(TaskActivityWorkItem workItem)
    {
        if (_handedOut.TryRemove(workItem, out _))
        {
            Interlocked.Decrement(ref _activitiesInFlight);
            _prefetcher?.Released();
        }
    }

    private ActivityPrefetcher? Prefetcher()
    {
        if (ActivityFetchers <= 1)
        {
            return null;
        }

        // Only the dispatcher's one fetch loop calls this.
        return _prefetcher ??= new ActivityPrefetcher(
            LockNextActivityAsync, AbandonActivityAsync, Inner.GetDelayInSecondsAfterOnFetchException, ActivityFetchers, SlowActivityTake, MaxConcurrentTaskActivityWorkItems, PrefetchLogger);
    }

    /// <summary>Takes the next activity work item from the inner service.</summary>
    protected virtual Task<TaskActivityWorkItem> LockNextActivityAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    /// <summary>Completes an activity work item in the inner service.</summary>
    protected virtual Task CompleteActivityAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    /// <summary>Abandons an activity work item in the inner service.</summary>
    protected virtual Task AbandonActivityAsync(TaskActivityWorkItem workItem) => Inner.AbandonTaskActivityWorkItemAsync(workItem);
}
