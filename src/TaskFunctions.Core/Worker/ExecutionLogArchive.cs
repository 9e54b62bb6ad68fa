using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// Keeps the part of a long log that no longer fits in the custom status. Each chunk becomes the input of an
/// archive orchestration instance, which the engine stores without a size limit (large payloads go to blobs on
/// Azure Storage) and the durable client reads back: nothing but the orchestration engine is needed, on every
/// host and backend. The orchestrator hands chunks to an activity, which starts the instance through the client.
/// </summary>
internal static class ExecutionLogArchive
{
    /// <summary>
    /// The activity: stores a chunk as the input of its archive instance. Safe to repeat: an instance that
    /// already exists holds the same chunk.
    /// </summary>
    /// <param name="client">The durable client.</param>
    /// <param name="chunk">The chunk.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many entries the chunk holds.</returns>
    public static async Task<int> StoreAsync(DurableTaskClient client, LogArchiveChunk chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(chunk);
        var options = new StartOrchestrationOptions(InstanceIds.LogChunk(chunk.ExecutionId, chunk.Index))
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(ProtocolNames.LogArchiveOrchestrator, chunk, options, cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Stored by an earlier attempt of this activity.
        }

        return chunk.Entries.Count;
    }

    /// <summary>The archive orchestrator: the chunk is its input, so there is nothing to do but finish.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="chunk">The chunk.</param>
    /// <returns>How many entries the chunk holds.</returns>
    public static Task<int> RunAsync(TaskOrchestrationContext context, LogArchiveChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return Task.FromResult(chunk.Entries.Count);
    }
}
