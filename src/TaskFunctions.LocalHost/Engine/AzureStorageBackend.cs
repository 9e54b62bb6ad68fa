using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// The Azure Storage provider as the gRPC sidecar drives it, plus what the sidecar's activity dispatcher
/// leaves out: renewing the lock of a running activity. The provider hides a dequeued activity message for
/// <c>WorkItemQueueVisibilityTimeout</c>; without renewal, a longer handler's message reappears and another
/// worker runs it a second time. While an activity runs, its lock is renewed every third of the timeout, so the
/// timeout can be short and a crashed host's activity runs again soon (see <see cref="EngineOptions.WorkItemLockTimeout"/>);
/// renewal stops, and is awaited, before the work item is completed or
/// abandoned, so that those calls use the message's current pop receipt.
/// </summary>
internal sealed partial class AzureStorageBackend : OrchestrationServiceDecorator
{
    private readonly TimeSpan _renewInterval;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Renewal> _renewals = new(StringComparer.Ordinal);

    public AzureStorageBackend(AzureStorageOrchestrationService service, TimeSpan lockTimeout, ILogger<AzureStorageBackend> logger)
        : base(service)
    {
        _renewInterval = lockTimeout / 3;
        _logger = logger;
    }

    protected override async Task<TaskActivityWorkItem> LockNextActivityAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        TaskActivityWorkItem workItem = await Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            var cancellation = new CancellationTokenSource();
            _renewals[workItem.Id] = new Renewal(RenewUntilStoppedAsync(workItem, cancellation.Token), cancellation);
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

    private async Task RenewUntilStoppedAsync(TaskActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_renewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed the lock of activity work item {WorkItemId}.")]
    private partial void LogRenewed(string workItemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lock of activity work item {WorkItemId}.")]
    private partial void LogRenewalFailed(string workItemId, Exception exception);

    private sealed record Renewal(Task Loop, CancellationTokenSource Cancellation);
}
