using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>The host's status polling: a budget of reads per poll, the least recently read first; real timers.</summary>
public sealed class CancellationWatcherTests
{
    private readonly LocalCancellation _local = new();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private Func<string, Task<OrchestrationMetadata?>> _read = id => Task.FromResult<OrchestrationMetadata?>(RunnerHost.Instance(id, OrchestrationRuntimeStatus.Running));

    public CancellationWatcherTests()
    {
        _client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, _, _) =>
            {
                _reads.AddOrUpdate(id, 1, (_, n) => n + 1);
                return _read(id);
            });
    }

    [Fact]
    public async Task Watch_MoreExecutionsThanTheBudget_EachPollReadsAtMostTheBudgetLeastRecentlyReadFirst()
    {
        await using CancellationWatcher watcher = Build(TimeSpan.FromMilliseconds(50), maxReads: 2);

        // Each poll's reads hang until the test lets them finish, so the reads of one poll are told from the next's.
        var polls = new List<List<string>>();
        var current = new List<string>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sync = new Lock();
        _read = async id =>
        {
            Task wait;
            lock (sync)
            {
                current.Add(id);
                wait = gate.Task;
            }

            await wait;
            return RunnerHost.Instance(id, OrchestrationRuntimeStatus.Running);
        };
        string[] ids = [.. Enumerable.Range(0, 5).Select(_ => Requests.Execution().ExecutionId)];
        List<IDisposable> registrations = WatchAll(watcher, ids);

        try
        {
            for (int poll = 0; poll < 3; poll++)
            {
                await NextPollAsync();
            }
        }
        finally
        {
            // Later polls run freely, so that the watcher can stop.
            lock (sync)
            {
                gate.TrySetResult();
            }
        }

        Assert.All(polls, p => Assert.Equal(2, p.Distinct().Count()));
        Assert.All(polls, p => Assert.Equal(2, p.Count));
        Assert.Empty(polls[0].Intersect(polls[1]));
        Assert.Equal(ids.Order(StringComparer.Ordinal), polls.SelectMany(p => p).Distinct().Order(StringComparer.Ordinal));

        // The third poll reads the one never read before it reads one again.
        Assert.Single(polls[2], id => !polls[0].Contains(id) && !polls[1].Contains(id));
        registrations.ForEach(r => r.Dispose());

        async Task NextPollAsync()
        {
            await RunnerHost.WaitUntilAsync(() => Count() >= 1);
            try
            {
                await RunnerHost.WaitUntilAsync(() => Count() >= 2, TimeSpan.FromMilliseconds(500));
            }
            catch (TimeoutException)
            {
                // Asserted by the caller.
            }

            // A poll that went over budget would have issued its other reads by now.
            await Task.Delay(100);
            lock (sync)
            {
                polls.Add(current);
                current = [];
                TaskCompletionSource released = gate;
                gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                released.SetResult();
            }
        }

        int Count()
        {
            lock (sync)
            {
                return current.Count;
            }
        }
    }

    [Fact]
    public async Task Watch_ManyExecutionsOverManyPolls_ReadsEachInTurnWithinTheBudget()
    {
        var interval = TimeSpan.FromMilliseconds(50);
        await using CancellationWatcher watcher = Build(interval, maxReads: 2);
        string[] ids = [.. Enumerable.Range(0, 5).Select(_ => Requests.Execution().ExecutionId)];
        List<IDisposable> registrations = WatchAll(watcher, ids);

        // Wait for every execution to have been read at least 3 times.
        await RunnerHost.WaitUntilAsync(() => ids.All(id => _reads.GetValueOrDefault(id) >= 3));
        registrations.ForEach(r => r.Dispose());
        int[] counts = [.. ids.Select(id => _reads.GetValueOrDefault(id))];

        // In turn: no execution is read much more often than another (reading some first by a fixed order would be).
        Assert.True(counts.Max() - counts.Min() <= 2, $"reads per execution: {string.Join(", ", counts)}");
        Assert.All(counts, c => Assert.True(c >= 3));
    }

    [Fact]
    public async Task Watch_InstanceTerminatedOrGone_CancelsItsAttemptOnlyAndKeepsPollingAfterAFailedRead()
    {
        await using CancellationWatcher watcher = Build(TimeSpan.FromMilliseconds(50), maxReads: 5);
        string running = Requests.Execution().ExecutionId;
        string terminated = Requests.Execution().ExecutionId;
        string gone = Requests.Execution().ExecutionId;
        int failures = 0;
        _read = id => id == running ? Task.FromResult<OrchestrationMetadata?>(RunnerHost.Instance(id, OrchestrationRuntimeStatus.Running))
            : Interlocked.Increment(ref failures) <= 2 ? Task.FromException<OrchestrationMetadata?>(new IOException("storage hiccup"))
            : id == terminated ? Task.FromResult<OrchestrationMetadata?>(RunnerHost.Instance(id, OrchestrationRuntimeStatus.Terminated))
            : Task.FromResult<OrchestrationMetadata?>(null);
        using var runningCts = new CancellationTokenSource();
        using var terminatedCts = new CancellationTokenSource();
        using var goneCts = new CancellationTokenSource();
        using IDisposable a = watcher.Watch(running, runningCts, _client.Object);
        using IDisposable b = watcher.Watch(terminated, terminatedCts, _client.Object);
        using IDisposable c = watcher.Watch(gone, goneCts, _client.Object);

        await RunnerHost.WaitUntilAsync(() => terminatedCts.IsCancellationRequested && goneCts.IsCancellationRequested);
        await RunnerHost.WaitUntilAsync(() => _reads.GetValueOrDefault(running) >= 3);

        Assert.False(runningCts.IsCancellationRequested);
        Assert.True(Volatile.Read(ref failures) >= 3);
    }

    [Fact]
    public async Task Watch_RegistrationDisposed_IsNoLongerRead()
    {
        await using CancellationWatcher watcher = Build(TimeSpan.FromMilliseconds(50), maxReads: 5);
        string kept = Requests.Execution().ExecutionId;
        string ended = Requests.Execution().ExecutionId;
        using IDisposable keep = watcher.Watch(kept, new CancellationTokenSource(), _client.Object);
        IDisposable end = watcher.Watch(ended, new CancellationTokenSource(), _client.Object);
        await RunnerHost.WaitUntilAsync(() => _reads.GetValueOrDefault(ended) >= 1);

        end.Dispose();
        int endedReads = _reads.GetValueOrDefault(ended);
        int keptReads = _reads.GetValueOrDefault(kept);
        await RunnerHost.WaitUntilAsync(() => _reads.GetValueOrDefault(kept) >= keptReads + 4);

        // At most a read already under way when the attempt ended.
        Assert.True(_reads.GetValueOrDefault(ended) <= endedReads + 1);
    }

    [Fact]
    public async Task DisposeAsync_StopsPolling()
    {
        CancellationWatcher watcher = Build(TimeSpan.FromMilliseconds(50), maxReads: 5);
        string id = Requests.Execution().ExecutionId;
        using IDisposable watch = watcher.Watch(id, new CancellationTokenSource(), _client.Object);
        await RunnerHost.WaitUntilAsync(() => _reads.GetValueOrDefault(id) >= 1);

        await watcher.DisposeAsync().AsTask().WaitAsync(RunnerHost.Patience);
        int reads = _reads.GetValueOrDefault(id);
        await Task.Delay(300);

        Assert.Equal(reads, _reads.GetValueOrDefault(id));
    }

    /// <summary>Registers every execution before the watcher's loop starts, so that its first poll sees them all.</summary>
    private List<IDisposable> WatchAll(CancellationWatcher watcher, string[] ids)
    {
        List<IDisposable> registrations = [.. ids.Skip(1).Select(id => _local.Register(id, new CancellationTokenSource()))];
        registrations.Add(watcher.Watch(ids[0], new CancellationTokenSource(), _client.Object));
        return registrations;
    }

    private CancellationWatcher Build(TimeSpan interval, int maxReads) =>
        new(
            _local,
            Options.Create(new WorkerOptions { CancellationPollInterval = interval, MaxStatusReadsPerPoll = maxReads }),
            TimeProvider.System,
            NullLogger<CancellationWatcher>.Instance);
}
