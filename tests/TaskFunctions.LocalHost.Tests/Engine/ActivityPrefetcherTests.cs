using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TaskFunctions.LocalHost.Engine;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Engine;

/// <summary>Activity work items taken ahead of the dispatcher, against a queue whose every take takes a while.</summary>
public sealed class ActivityPrefetcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task NextAsync_Backlog_TakesSeveralAtOnceButNeverMoreThanTheFetchers()
    {
        var queue = new SlowQueue(Enumerable.Range(0, 60).Select(i => $"w{i}"));
        ActivityPrefetcher prefetcher = queue.Prefetcher(fetchers: 4, maxTaken: 64);

        var received = new List<string>();
        while (received.Count < 60)
        {
            TaskActivityWorkItem item = (await prefetcher.NextAsync(CancellationToken.None).WaitAsync(Patience))!;
            received.Add(item.Id);
            prefetcher.Released();
        }

        await prefetcher.StopAsync();
        Assert.Equal(60, received.Distinct(StringComparer.Ordinal).Count());
        Assert.InRange(queue.MostTakesAtOnce, 2, 4);
    }

    [Fact]
    public async Task NextAsync_BacklogOfAStoreThatAnswersQuickly_TakesOneAtATime()
    {
        var queue = new SlowQueue(Enumerable.Range(0, 30).Select(i => $"w{i}"));
        ActivityPrefetcher prefetcher = queue.Prefetcher(fetchers: 4, maxTaken: 64, slowTake: TimeSpan.FromSeconds(5));

        for (int i = 0; i < 30; i++)
        {
            Assert.NotNull(await prefetcher.NextAsync(CancellationToken.None).WaitAsync(Patience));
            prefetcher.Released();
        }

        await prefetcher.StopAsync();
        Assert.Equal(1, queue.MostTakesAtOnce);
    }

    [Fact]
    public async Task NextAsync_AsManyTakenAsAllowed_TakesNoMoreUntilOneIsReleased()
    {
        var queue = new SlowQueue(Enumerable.Range(0, 20).Select(i => $"w{i}"));
        ActivityPrefetcher prefetcher = queue.Prefetcher(fetchers: 4, maxTaken: 3);

        for (int i = 0; i < 3; i++)
        {
            Assert.NotNull(await prefetcher.NextAsync(CancellationToken.None).WaitAsync(Patience));
        }

        await Task.Delay(500);
        Assert.Equal(3, queue.Taken);

        prefetcher.Released();
        Assert.NotNull(await prefetcher.NextAsync(CancellationToken.None).WaitAsync(Patience));
        await Task.Delay(300);
        Assert.Equal(4, queue.Taken);
        await prefetcher.StopAsync();
    }

    [Fact]
    public async Task NextAsync_IdleQueue_PollsWithOneTakeAtATime()
    {
        var queue = new SlowQueue([]);
        ActivityPrefetcher prefetcher = queue.Prefetcher(fetchers: 4, maxTaken: 64);
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prefetcher.NextAsync(wait.Token));

        await prefetcher.StopAsync();
        Assert.True(queue.Takes >= 3, $"only {queue.Takes} polls");
        Assert.Equal(1, queue.MostTakesAtOnce);
    }

    [Fact]
    public async Task StopAsync_ItemsTakenAndNotHandedOut_ArePutBackAndNothingMoreIsHandedOut()
    {
        var queue = new SlowQueue(Enumerable.Range(0, 5).Select(i => $"w{i}"));
        ActivityPrefetcher prefetcher = queue.Prefetcher(fetchers: 4, maxTaken: 10);
        TaskActivityWorkItem first = (await prefetcher.NextAsync(CancellationToken.None).WaitAsync(Patience))!;
        await Eventually.UntilAsync(() => queue.Taken == 5, Patience, "the backlog was not taken");

        await prefetcher.StopAsync().WaitAsync(Patience);

        Assert.Equal(4, queue.PutBack.Count);
        Assert.DoesNotContain(first.Id, queue.PutBack);
        Assert.Null(await prefetcher.NextAsync(CancellationToken.None).WaitAsync(Patience));
    }

    /// <summary>A work-item queue whose every take waits 30 ms (slow for these tests: 10 ms), and an empty one returns nothing.</summary>
    private sealed class SlowQueue(IEnumerable<string> ids)
    {
        private readonly ConcurrentQueue<string> _ids = new(ids);
        private int _atOnce;
        private int _mostAtOnce;
        private int _takes;
        private int _taken;

        public int MostTakesAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Takes => Volatile.Read(ref _takes);

        public int Taken => Volatile.Read(ref _taken);

        public ConcurrentBag<string> PutBack { get; } = [];

        public ActivityPrefetcher Prefetcher(int fetchers, int maxTaken, TimeSpan? slowTake = null) =>
            new(TakeAsync, item => { PutBack.Add(item.Id); return Task.CompletedTask; }, _ => 0, fetchers, slowTake ?? TimeSpan.FromMilliseconds(10), maxTaken, NullLogger.Instance);

        private async Task<TaskActivityWorkItem> TakeAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _takes);
            int now = Interlocked.Increment(ref _atOnce);
            int most;
            while (now > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, now, most) != most)
            {
            }

            try
            {
                await Task.Delay(30, cancellationToken);
                if (_ids.TryDequeue(out string? id))
                {
                    Interlocked.Increment(ref _taken);
                    return new TaskActivityWorkItem { Id = id };
                }

                return null!;
            }
            finally
            {
                Interlocked.Decrement(ref _atOnce);
            }
        }
    }
}
