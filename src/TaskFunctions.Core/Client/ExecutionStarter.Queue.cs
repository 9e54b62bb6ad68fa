using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>The task queue of a start: opening and repairing it, leaving it, and the answer when it is full.</summary>
internal sealed partial class ExecutionStarter
{
    /// <summary>
    /// Makes sure the task's queue runs, and takes out of it any execution it believes runs that has ended without
    /// leaving (terminated outside this API, or purged), so that no execution waits behind one that is gone.
    /// </summary>
    private async Task OpenQueueAsync(TaskDefinition task, int limit, CancellationToken cancellationToken)
    {
        string queueId = InstanceIds.Queue(task.Name);
        if (await ReadQueueAsync(task.Name, cancellationToken).ConfigureAwait(false) is { } state)
        {
            foreach (string running in state.Running)
            {
                OrchestrationMetadata? execution = await _client.GetInstanceAsync(running, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
                if (execution is null || !ExecutionStatuses.IsActive(execution.RuntimeStatus))
                {
                    await LeaveQueueAsync(task.Name, running, cancellationToken).ConfigureAwait(false);
                }
            }

            return;
        }

        // A message that reaches an instance before the engine has started it can be dropped: wait until it runs.
        var empty = new TaskQueueState(task.Name, limit, [], [], []);
        await CreateAsync(ProtocolNames.QueueOrchestrator, queueId, empty, [.. ExecutionStatuses.Active], cancellationToken).ConfigureAwait(false);
        DateTimeOffset giveUp = _clock.GetUtcNow() + _options.SlotReleaseWait;
        while ((await _client.GetInstanceAsync(queueId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false))?.RuntimeStatus != OrchestrationRuntimeStatus.Running
            && _clock.GetUtcNow() < giveUp)
        {
            await Task.Delay(_options.PollInterval, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the state of a task's queue, if the queue runs.</summary>
    private async Task<TaskQueueState?> ReadQueueAsync(string taskName, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? queue = await _client.GetInstanceAsync(InstanceIds.Queue(taskName), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return queue is not null && ExecutionStatuses.IsActive(queue.RuntimeStatus)
            ? queue.ReadCustomStatusAs<TaskQueueState>() ?? new TaskQueueState(taskName, 1, [], [], [])
            : null;
    }

    private Task LeaveQueueAsync(string taskName, string executionId, CancellationToken cancellationToken) =>
        _client.RaiseEventAsync(InstanceIds.Queue(taskName), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Leave, executionId), cancellationToken);

    /// <summary>
    /// The answer to a start that finds every running place and every place in the queue taken. The slots say who
    /// holds a place; the queue, which may not have heard of the newest yet, says who runs and in what order the
    /// others wait (those it has not heard of follow).
    /// </summary>
    private async Task<StartResult> QueueFullAsync(string taskName, int slots, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> holders = await SlotHoldersAsync(taskName, slots, cancellationToken).ConfigureAwait(false);
        TaskQueueState? state = await ReadQueueAsync(taskName, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> running = state?.Running ?? [];
        IReadOnlyList<string> waiting = [.. (state?.Waiting ?? []).Where(holders.Contains), .. holders.Except(running).Except(state?.Waiting ?? [])];
        return StartResult.Conflict(running, waiting);
    }
}
