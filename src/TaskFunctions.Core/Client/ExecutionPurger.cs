using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// Purges finished executions with everything that belongs to them: their archived log chunks
/// (<see cref="InstanceIds.LogChunk"/>), the claims of the idempotency keys that started them
/// (<see cref="InstanceIds.KeyClaim"/>), and finished concurrency slots (<see cref="InstanceIds.Slot"/>). An instance
/// the engine still runs is never purged, nor anything that belongs to one: a running execution's chunks can be old.
/// </summary>
/// <remarks>
/// <para>
/// Every instance is checked here before it is purged: not every storage provider refuses to purge a running
/// instance (Azure Storage does not), so the purge must never ask it to. The instance table is read a page of
/// <see cref="RetentionOptions.BatchSize"/> at a time, with <see cref="RetentionOptions.BatchPause"/> between the
/// pages that purged something, so that running work keeps its share of the storage.
/// </para>
/// <para>
/// It runs in two passes. First the key claims: a claim is purged before the execution it names, because a repeated
/// key whose claim names an execution that no longer exists would create that execution again. Then every other
/// instance: executions without a key (each purged before its chunks, so that no reader sees a log with a gap),
/// chunks and claims left behind by an interrupted purge, and slots that are free.
/// </para>
/// </remarks>
internal sealed class ExecutionPurger
{
    private static readonly OrchestrationRuntimeStatus[] Ended =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private readonly DurableTaskClient _client;
    private readonly TimeProvider _clock;
    private readonly TaskExecutionClientOptions _options;
    private readonly RetentionOptions _retention;

    /// <summary>Initializes a new instance of the <see cref="ExecutionPurger"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The client's knobs: parallel calls, and how old a claim whose execution was never created must be.</param>
    /// <param name="retention">The batch size and the pause between batches.</param>
    public ExecutionPurger(DurableTaskClient client, TimeProvider clock, TaskExecutionClientOptions options, RetentionOptions retention)
    {
        _client = client;
        _clock = clock;
        _options = options;
        _retention = retention;
    }

    /// <summary>Purges the finished executions a query names, with what belongs to them.</summary>
    /// <param name="query">Which executions.</param>
    /// <param name="cancellationToken">Stops the purge between two instances; what is purged stays purged.</param>
    /// <returns>What was purged.</returns>
    public async Task<PurgeReport> PurgeAsync(PurgeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var run = new Run(this, query);
        await EachPageAsync(query.Before, InstanceIds.KeyClaimPrefix, fetchInputs: true, run.ClaimAsync, cancellationToken).ConfigureAwait(false);
        await EachPageAsync(query.Before, prefix: null, fetchInputs: false, run.InstanceAsync, cancellationToken).ConfigureAwait(false);
        return new PurgeReport(run.Executions, run.Chunks, run.Claims, run.Slots);
    }

    /// <summary>
    /// Reads the ended instances created before the query's time, a page at a time, and hands each to
    /// <paramref name="purge"/> (which says whether it purged anything), pausing after a page that purged something.
    /// </summary>
    private async Task EachPageAsync(
        DateTime before, string? prefix, bool fetchInputs, Func<OrchestrationMetadata, CancellationToken, Task<bool>> purge, CancellationToken cancellationToken)
    {
        // Instances created after the query's time cannot have finished before it, nor can what belongs to them.
        var filter = new OrchestrationQuery(
            CreatedTo: before,
            Statuses: Ended,
            InstanceIdPrefix: prefix,
            PageSize: _retention.BatchSize,
            FetchInputsAndOutputs: fetchInputs);
        string? token = null;
        do
        {
            Page<OrchestrationMetadata> page = await FirstPageAsync(filter with { ContinuationToken = token }, token).ConfigureAwait(false);
            token = page.ContinuationToken;
            int purged = 0;
            await Parallel.ForEachAsync(
                page.Values,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelCalls, CancellationToken = cancellationToken },
                async (instance, ct) =>
                {
                    if (await purge(instance, ct).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref purged);
                    }
                }).ConfigureAwait(false);
            if (purged > 0 && !string.IsNullOrEmpty(token))
            {
                await Task.Delay(_retention.BatchPause, _clock, cancellationToken).ConfigureAwait(false);
            }
        }
        while (!string.IsNullOrEmpty(token));
    }

    private async Task<Page<OrchestrationMetadata>> FirstPageAsync(OrchestrationQuery filter, string? token)
    {
        await foreach (Page<OrchestrationMetadata> page in _client.GetAllInstancesAsync(filter).AsPages(token, filter.PageSize).ConfigureAwait(false))
        {
            return page;
        }

        return new Page<OrchestrationMetadata>([], null);
    }

    private async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        (await _client.PurgeInstanceAsync(instanceId, options: null, cancellationToken).ConfigureAwait(false)).PurgedInstanceCount > 0;

    /// <summary>One purge: its query, what it purged so far, and the executions it has seen gone.</summary>
    private sealed class Run(ExecutionPurger purger, PurgeQuery query)
    {
        private readonly ConcurrentDictionary<string, bool> _gone = new(StringComparer.Ordinal);
        private int _executions;
        private int _chunks;
        private int _claims;
        private int _slots;

        public int Executions => _executions;

        public int Chunks => _chunks;

        public int Claims => _claims;

        public int Slots => _slots;

        /// <summary>
        /// A key claim: purged with the execution it names when that one is purged, or alone when that execution no
        /// longer exists (a purge interrupted after the execution) or was never created (a start that died between the
        /// claim and the execution, once it is older than the grace period a repeat has to create it).
        /// </summary>
        public async Task<bool> ClaimAsync(OrchestrationMetadata claim, CancellationToken cancellationToken)
        {
            if (claim.Name != ProtocolNames.KeyClaimOrchestrator || claim.ReadInputAs<ExecutionRequest>()?.ExecutionId is not { } executionId)
            {
                return false;
            }

            OrchestrationMetadata? execution = await purger._client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            if (execution is null)
            {
                bool abandoned = purger._clock.GetUtcNow() - claim.CreatedAt >= purger._options.SlotStartGracePeriod;
                return abandoned && Count(await purger.PurgeInstanceAsync(claim.InstanceId, cancellationToken).ConfigureAwait(false), ref _claims);
            }

            if (!Matches(execution))
            {
                return false;
            }

            Count(await purger.PurgeInstanceAsync(claim.InstanceId, cancellationToken).ConfigureAwait(false), ref _claims);
            await ExecutionAsync(execution, cancellationToken).ConfigureAwait(false);
            return true;
        }

        /// <summary>Any instance of the second pass, by its orchestrator.</summary>
        public Task<bool> InstanceAsync(OrchestrationMetadata instance, CancellationToken cancellationToken) => instance.Name switch
        {
            ProtocolNames.ExecutionOrchestrator when EndedBefore(instance) => CandidateAsync(instance.InstanceId, cancellationToken),
            ProtocolNames.LogArchiveOrchestrator => OrphanChunkAsync(instance.InstanceId, cancellationToken),
            ProtocolNames.SlotOrchestrator => FreeSlotAsync(instance, cancellationToken),
            _ => Task.FromResult(false),
        };

        /// <summary>
        /// Whether an instance is an execution that ended in the engine (one that reads failed while its instance still
        /// waits for a late entry has not) at or before the query's time.
        /// </summary>
        private bool EndedBefore(OrchestrationMetadata instance) =>
            instance.Name == ProtocolNames.ExecutionOrchestrator
            && Ended.Contains(instance.RuntimeStatus)
            && instance.LastUpdatedAt.UtcDateTime <= query.Before;

        /// <summary>Whether an execution, read with its custom status, is one to purge: ended before the query's time, with a status it names.</summary>
        private bool Matches(OrchestrationMetadata execution) =>
            EndedBefore(execution)
            && query.Statuses.Contains(ExecutionStatuses.From(execution.RuntimeStatus, execution.ReadCustomStatusAs<ExecutionSnapshot>()));

        /// <summary>
        /// An execution the listing (read without inputs, for it holds chunks too) shows ended before the query's time:
        /// read whole, for its status and chunk count, and purged if it matches.
        /// </summary>
        private async Task<bool> CandidateAsync(string executionId, CancellationToken cancellationToken)
        {
            OrchestrationMetadata? execution = await purger._client.GetInstanceAsync(executionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
            return execution is not null && Matches(execution) && await ExecutionAsync(execution, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Purges an execution, then its chunks.</summary>
        private async Task<bool> ExecutionAsync(OrchestrationMetadata execution, CancellationToken cancellationToken)
        {
            int chunkCount = execution.ReadCustomStatusAs<ExecutionSnapshot>()?.ArchiveChunkCount ?? 0;
            bool purged = Count(await purger.PurgeInstanceAsync(execution.InstanceId, cancellationToken).ConfigureAwait(false), ref _executions);
            _gone[execution.InstanceId] = true;
            for (int index = 0; index < chunkCount; index++)
            {
                Count(await purger.PurgeInstanceAsync(InstanceIds.LogChunk(execution.InstanceId, index), cancellationToken).ConfigureAwait(false), ref _chunks);
            }

            return purged;
        }

        /// <summary>A chunk is purged here only when its execution no longer exists; a running execution's chunks stay.</summary>
        private async Task<bool> OrphanChunkAsync(string chunkId, CancellationToken cancellationToken)
        {
            string executionId = chunkId[InstanceIds.LogChunkPrefix.Length..chunkId.LastIndexOf(':')];
            if (!_gone.TryGetValue(executionId, out bool gone))
            {
                gone = await purger._client.GetInstanceAsync(executionId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null;
                _gone[executionId] = gone;
            }

            return gone && Count(await purger.PurgeInstanceAsync(chunkId, cancellationToken).ConfigureAwait(false), ref _chunks);
        }

        /// <summary>
        /// A slot whose execution released it before the query's time. It is read again first: a start may take a free
        /// slot at any moment (which creates it anew), and a slot taken since it was listed is left alone.
        /// </summary>
        private async Task<bool> FreeSlotAsync(OrchestrationMetadata listed, CancellationToken cancellationToken)
        {
            OrchestrationMetadata? slot = await purger._client.GetInstanceAsync(listed.InstanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
            bool free = slot is not null
                && Ended.Contains(slot.RuntimeStatus)
                && slot.CreatedAt == listed.CreatedAt
                && slot.LastUpdatedAt.UtcDateTime <= query.Before;
            return free && Count(await purger.PurgeInstanceAsync(slot!.InstanceId, cancellationToken).ConfigureAwait(false), ref _slots);
        }

        private static bool Count(bool purged, ref int counter)
        {
            if (purged)
            {
                Interlocked.Increment(ref counter);
            }

            return purged;
        }
    }
}
