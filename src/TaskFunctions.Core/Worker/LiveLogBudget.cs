using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TaskFunctions.Worker;

/// <summary>
/// The live log batches one host may send per second, all running attempts together
/// (<see cref="WorkerOptions.MaxLiveLogBatchesPerSecond"/>). Each batch costs its orchestration an episode and a
/// few storage requests; with many attempts running, each waits its turn and sends a bigger batch, so the load
/// a host puts on storage does not grow with the number of attempts it runs.
/// </summary>
internal sealed class LiveLogBudget : IDisposable
{
    private readonly TokenBucketRateLimiter _limiter;

    public LiveLogBudget(IOptions<WorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int perSecond = options.Value.MaxLiveLogBatchesPerSecond;
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1, nameof(WorkerOptions.MaxLiveLogBatchesPerSecond));

        // One turn every 1/N s, and at most a quarter second's worth saved up for a burst.
        _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perSecond / 4),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1) / perSecond,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits until the host may send one more batch.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the batch may go.</returns>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        using RateLimitLease lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _limiter.Dispose();
}
