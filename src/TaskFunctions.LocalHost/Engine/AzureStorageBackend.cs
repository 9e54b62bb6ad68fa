using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Azure.Storage.Queues.Models;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using TaskFunctions.Worker;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// The Azure Storage provider as the gRPC sidecar drives it, plus what the sidecar's activity dispatcher
/// leaves out: renewing the lock of a running activity. The provider hides a dequeued activity message for
/// <c>WorkItemQueueVisibilityTimeout</c>; without renewal, a longer handler's message reappears and another
/// worker runs it a second time. While an activity runs, its lock is renewed every third of the timeout, so the
/// timeout can be short and a crashed host's activity runs again soon (see <see cref="EngineOptions.WorkItemLockTimeout"/>);
/// renewal stops, and is awaited, before the work item is completed or
/// abandoned, so that those calls use the message's current pop receipt. It takes up to <see cref="Fetchers"/> activities
/// at once when the queue has a backlog (<see cref="ActivityPrefetcher"/>). It also tells the attempts how many times
/// the queue has handed their message out (<see cref="AttemptDeliveries"/>), so that an attempt a dead host had taken
/// says in its log that it runs again, even when the dead host's run had not shown any entry yet.
/// </summary>
internal sealed partial class AzureStorageBackend : OrchestrationServiceDecorator
{
    private readonly TimeSpan _renewInterval;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Renewal> _renewals = new(StringComparer.Ordinal);
    private readonly AttemptDeliveries _deliveries;
    private readonly DeliveryCounts _deliveryCounts;

    public AzureStorageBackend(AzureStorageOrchestrationService service, TimeSpan lockTimeout, AttemptDeliveries deliveries, ILogger<AzureStorageBackend> logger)
        : base(service)
    {
        _renewInterval = lockTimeout / 3;
        _deliveries = deliveries;
        _logger = logger;
        _deliveryCounts = new DeliveryCounts(service);
        if (!_deliveryCounts.Readable)
        {
            LogDeliveryCountsUnreadable();
        }
    }

    /// <summary>How many activity work items a host takes from the work-item queue at once, when it has a backlog.</summary>
    internal const int Fetchers = 8;

    /// <summary>
    /// How long a queue read must take for more to run at once: one at a time, reads of 50 ms start 20 attempts a
    /// second; a store that answers sooner keeps up with one.
    /// </summary>
    internal static readonly TimeSpan SlowTake = TimeSpan.FromMilliseconds(50);

    protected override int ActivityFetchers => Fetchers;

    protected override TimeSpan SlowActivityTake => SlowTake;

    protected override ILogger PrefetchLogger => _logger;

    protected override async Task<TaskActivityWorkItem> LockNextActivityAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        long takeStarted = Stopwatch.GetTimestamp();
        TaskActivityWorkItem workItem = await Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            if (workItem.TaskMessage?.Event is TaskScheduledEvent { Name: { } activity } && _deliveryCounts.Of(workItem.Id) is long deliveries)
            {
                _deliveries.Record(activity, workItem.TaskMessage.OrchestrationInstance.InstanceId, deliveries);
            }

            // The lock began somewhere during the take, which can be slow on a loaded store: renew a third of the lock
            // after the take began, not after it returned.
            TimeSpan firstRenewal = _renewInterval - Stopwatch.GetElapsedTime(takeStarted);
            var cancellation = new CancellationTokenSource();
            _renewals[workItem.Id] = new Renewal(RenewUntilStoppedAsync(workItem, firstRenewal, cancellation.Token), cancellation);
        }

        return workItem!;
    }

    protected override async Task CompleteActivityAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage).ConfigureAwait(false);
    }

    protected override async Task AbandonActivityAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem).ConfigureAwait(false);
        await Inner.AbandonTaskActivityWorkItemAsync(workItem).ConfigureAwait(false);
    }

    public override async Task StopAsync(bool isForced)
    {
        foreach (Renewal renewal in _renewals.Values)
        {
            await renewal.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        await base.StopAsync(isForced).ConfigureAwait(false);
    }

    private async Task RenewUntilStoppedAsync(TaskActivityWorkItem workItem, TimeSpan first, CancellationToken cancellationToken)
    {
        try
        {
            for (TimeSpan wait = first; ; wait = _renewInterval)
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    await Inner.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
                    LogRenewed(workItem.Id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewalFailed(workItem.Id, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the work item is being completed or abandoned.
        }
    }

    private async Task StopRenewingAsync(TaskActivityWorkItem workItem)
    {
        if (_renewals.TryRemove(workItem.Id, out Renewal? renewal))
        {
            await renewal.Cancellation.CancelAsync().ConfigureAwait(false);
            await renewal.Loop.ConfigureAwait(false);
            renewal.Cancellation.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Azure Storage provider's activity messages do not show their delivery count here; an attempt that a crashed host had begun runs again without saying so unless it had logged.")]
    private partial void LogDeliveryCountsUnreadable();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed the lock of activity work item {WorkItemId}.")]
    private partial void LogRenewed(string workItemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}.")]
    private partial void LogRenewalFailed(string workItemId, Exception exception);

    private sealed record Renewal(Task Loop, CancellationTokenSource Cancellation);

    /// <summary>
    /// Reads how many times the queue has handed out the message of an activity work item the provider just gave:
    /// the provider keeps the queue message of each active activity, with its <see cref="QueueMessage.DequeueCount"/>,
    /// but does not expose it, so it is read by reflection (checked against the pinned provider version by the tests;
    /// if a version moves it, the host says so once at start and attempts go on without it).
    /// </summary>
    internal sealed class DeliveryCounts
    {
        private readonly IDictionary? _sessions;
        private readonly PropertyInfo? _messageData;
        private readonly PropertyInfo? _queueMessage;

        public DeliveryCounts(AzureStorageOrchestrationService service)
        {
            const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
            _sessions = typeof(AzureStorageOrchestrationService).GetField("activeActivitySessions", Instance)?.GetValue(service) as IDictionary;
            Type? session = _sessions?.GetType().GetGenericArguments().ElementAtOrDefault(1);
            _messageData = session?.GetProperty("MessageData", Instance);
            _queueMessage = typeof(MessageData).GetProperty("OriginalQueueMessage", Instance);
            Readable = _sessions is not null && _messageData?.PropertyType == typeof(MessageData) && _queueMessage?.PropertyType == typeof(QueueMessage);
        }

        /// <summary>Gets whether the provider keeps its messages where this reads them.</summary>
        public bool Readable { get; }

        /// <summary>Gets the delivery count of an active activity's message, or null when it cannot be read.</summary>
        /// <param name="workItemId">The work item's id (the queue message's id).</param>
        /// <returns>How many times the message has been taken from the queue, this time included.</returns>
        public long? Of(string workItemId)
        {
            if (!Readable || _sessions![workItemId] is not { } session)
            {
                return null;
            }

            return _messageData!.GetValue(session) is MessageData data && _queueMessage!.GetValue(data) is QueueMessage message ? message.DequeueCount : null;
        }
    }
}
