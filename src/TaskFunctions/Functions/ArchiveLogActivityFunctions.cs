using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Internal;
using TaskFunctions.Protocol;

namespace TaskFunctions.Functions;

/// <summary>The activity function that archives log entries that outgrew the custom status.</summary>
public static class ArchiveLogActivityFunctions
{
    /// <summary>Stores a chunk of older log entries as the input of its archive instance.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="client">The durable client.</param>
    /// <returns>How many entries the chunk holds.</returns>
    [Function(ProtocolNames.ArchiveLogActivity)]
    public static Task<int> ArchiveAsync([ActivityTrigger] LogArchiveChunk chunk, [DurableClient] DurableTaskClient client) =>
        TaskHubActivities.ArchiveLogAsync(chunk, client);
}
