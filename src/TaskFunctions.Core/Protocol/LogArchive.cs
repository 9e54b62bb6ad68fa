using Microsoft.DurableTask.Client;
using TaskFunctions.Logs;

namespace TaskFunctions.Protocol;

/// <summary>Reads an execution's archived log: the chunks its orchestrator moved out of the custom status.</summary>
internal static class LogArchive
{
    /// <summary>Reads the chunks an execution has archived, in order.</summary>
    /// <param name="client">The durable client.</param>
    /// <param name="executionId">The execution.</param>
    /// <param name="chunkCount">How many chunks the execution has archived.</param>
    /// <param name="maxParallelReads">How many chunks to read at once.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The entries of each chunk; <see langword="null"/> for a chunk not stored yet.</returns>
    public static async Task<IReadOnlyList<LogEntry>?[]> ReadAsync(
        DurableTaskClient client, string executionId, int chunkCount, int maxParallelReads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var chunks = new IReadOnlyList<LogEntry>?[chunkCount];
        await Parallel.ForAsync(
            0,
            chunkCount,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelReads, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                OrchestrationMetadata? chunk = await client.GetInstanceAsync(InstanceIds.LogChunk(executionId, index), getInputsAndOutputs: true, token).ConfigureAwait(false);
                chunks[index] = chunk?.ReadInputAs<LogArchiveChunk>()?.Entries;
            }).ConfigureAwait(false);
        return chunks;
    }

    /// <summary>Joins the chunks that are stored, in order, up to the first one that is not.</summary>
    /// <param name="chunks">The chunks, as <see cref="ReadAsync"/> returns them.</param>
    /// <returns>The entries, and whether every chunk was there.</returns>
    public static (List<LogEntry> Entries, bool Whole) Join(IReadOnlyList<LogEntry>?[] chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        List<LogEntry> entries = [];
        foreach (IReadOnlyList<LogEntry>? chunk in chunks)
        {
            if (chunk is null)
            {
                return (entries, false);
            }

            entries.AddRange(chunk);
        }

        return (entries, true);
    }
}
