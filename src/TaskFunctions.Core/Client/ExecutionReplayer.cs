using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// Prepares a replay: reads an execution's request and makes the start of a new execution of the same task with the
/// same params (and the same shorter timeout, if the original asked for one), trigger <see cref="TriggerKind.Replay"/>.
/// The facade starts it as it starts any execution.
/// </summary>
internal sealed class ExecutionReplayer
{
    private readonly DurableTaskClient _client;
    private readonly TaskCatalog _catalog;

    /// <summary>Initializes a new instance of the <see cref="ExecutionReplayer"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="catalog">The task catalog.</param>
    public ExecutionReplayer(DurableTaskClient client, TaskCatalog catalog)
    {
        _client = client;
        _catalog = catalog;
    }

    /// <summary>Makes the start of a replay.</summary>
    /// <param name="executionId">The execution to run again, canonical form; running or finished.</param>
    /// <param name="idempotencyKey">The client's key that makes the replay safe to repeat, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task and the start request, or <see langword="null"/> when there is no execution with that id.</returns>
    /// <exception cref="ArgumentException">The execution's task is no longer in the catalog.</exception>
    public async Task<(TaskDefinition Task, StartRequest Start)?> PrepareAsync(string executionId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? instance = await _client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance?.Name != ProtocolNames.ExecutionOrchestrator || instance.ReadInputAs<ExecutionRequest>() is not { } original)
        {
            return null;
        }

        if (!_catalog.TryGet(original.TaskName, out TaskDefinition? task))
        {
            throw new ArgumentException($"There is no task named '{original.TaskName}'.", nameof(executionId));
        }

        // A timeout the original asked for is kept; one equal to (or, if the task's has been shortened since, longer
        // than) the task's own is the task's.
        TimeSpan? timeout = original.TimeoutMs < task.Timeout.TotalMilliseconds ? TimeSpan.FromMilliseconds(original.TimeoutMs) : null;
        return (task, new StartRequest(TriggerKind.Replay, original.Params, timeout, idempotencyKey) { ReplayOf = original.ExecutionId });
    }
}
