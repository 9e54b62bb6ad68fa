using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Internal;

/// <summary>
/// The activities of the task hub, for a host that binds activity functions itself (the Azure Functions app);
/// registered in dependency injection by <c>AddTaskFunctions</c>. This is an internal API that supports the
/// TaskFunctions hosts and is not subject to the compatibility standards of public APIs: it may change or go
/// away in any release.
/// </summary>
public sealed class TaskHubActivities
{
    private readonly AttemptRunner _runner;

    internal TaskHubActivities(AttemptRunner runner)
    {
        _runner = runner;
    }

    /// <summary>Runs one attempt of an execution: its middleware stages and handler.</summary>
    /// <param name="request">The attempt.</param>
    /// <param name="client">The host's durable client, for live log batches.</param>
    /// <returns>What the attempt led to; user code's failures are in it, never thrown.</returns>
    public Task<AttemptResult> RunAttemptAsync(AttemptRequest request, DurableTaskClient client) =>
        _runner.RunAsync(request, client, CancellationToken.None);

    /// <summary>Stores a chunk of older log entries as the input of its archive instance.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>How many entries the chunk holds.</returns>
    public static Task<int> ArchiveLogAsync(LogArchiveChunk chunk, DurableTaskClient client) =>
        ExecutionLogArchive.StoreAsync(client, chunk, CancellationToken.None);
}
