using System.Globalization;
using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>
/// Keeps the part of a long log that no longer fits in the custom status. Each chunk is the input of a
/// short sub-orchestration, which the engine stores without a size limit (large payloads go to blobs on
/// Azure Storage). Nothing but the orchestration engine is needed, on every host and backend.
/// </summary>
public static class ExecutionLogArchive
{
    /// <summary>The orchestrator name.</summary>
    public const string Name = "ExecutionLogArchive";

    /// <summary>The prefix of every chunk's instance id; it never collides with an execution id.</summary>
    public const string InstanceIdPrefix = "log:";

    /// <summary>Gets the instance id of one chunk.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="index">The chunk's position.</param>
    /// <returns>The instance id.</returns>
    public static string ChunkInstanceId(string executionId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstanceIdPrefix}{executionId}:{index:D5}");

    /// <summary>The orchestrator: the chunk is its input, so there is nothing to do but finish.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="chunk">The chunk.</param>
    /// <returns>How many entries the chunk holds.</returns>
    public static Task<int> RunAsync(TaskOrchestrationContext context, LogArchiveChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return Task.FromResult(chunk.Entries.Count);
    }
}
