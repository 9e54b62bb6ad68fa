using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// A watch serves each new entry once, in order and without gaps, then the final status, and ends; every watch of an
/// execution on a host shares one reader. The feeds read every 10 ms here; the tests wait for what they expect, never
/// for a time.
/// </summary>
public sealed class ExecutionWatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ExecutionFeeds _feeds = new(TimeSpan.FromMilliseconds(10), TimeProvider.System);

    [Fact]
    public async Task Watch_StartsWithTheEntriesAfterTheClientsSeq_AndItsLastSeq()
    {
        var execution = new WatchedExecution(entries: 5);

        ExecutionWatch fromTwo = await execution.WatchAsync(_feeds, after: 2);
        ExecutionWatch beyond = await execution.WatchAsync(_feeds, after: 9);

        Assert.Equal(["entry 3", "entry 4", "entry 5"], fromTwo.Execution.Logs.Select(e => e.Message));
        Assert.Equal(5, fromTwo.LastSeq);
        Assert.Empty(beyond.Execution.Logs);
        Assert.Equal(9, beyond.LastSeq);
    }

    [Fact]
    public async Task Changes_RunningExecution_ServeEachNewEntryOnceInOrderThenTheFinalStatusAndEnd()
    {
        var execution = new WatchedExecution(entries: 2);
        ExecutionWatch watch = await execution.WatchAsync(_feeds);
        List<ExecutionChange> changes = [];

        Task reading = ReadAllAsync(watch, changes);
        for (int i = 0; i < 5; i++)
        {
            execution.Write(2);
            await WaitForAsync(() => Entries(changes).Count == execution.LogCount - 2);
        }

        execution.Finish(ExecutionStatus.Completed, lastEntries: 2);
        await reading.WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(3, 12), Entries(changes).Select(e => e.Seq!.Value));
        Assert.Equal(new ExecutionStatusChanged(ExecutionStatus.Completed, Requests.Start.AddMinutes(1)), changes[^1]);
        Assert.Single(changes.OfType<ExecutionStatusChanged>());
        Assert.Equal(0, _feeds.Count);
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.Cancelled)]
    public async Task Changes_ExecutionAlreadyFinal_EndAtOnceWithoutReading(ExecutionStatus final)
    {
        var execution = new WatchedExecution(entries: 3);
        execution.Finish(final);
        ExecutionWatch watch = await execution.WatchAsync(_feeds);

        List<ExecutionChange> changes = [];
        await ReadAllAsync(watch, changes).WaitAsync(Patience);

        Assert.Empty(changes);
        Assert.Equal(final, watch.Execution.Status);
        Assert.Equal(1, execution.Reads);
        Assert.Equal(0, _feeds.Count);
    }

    [Fact]
    public async Task Changes_ManyWatchers_ShareOneReaderOfTheExecution()
    {
        var execution = new WatchedExecution();
        ExecutionWatch[] watches = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => execution.WatchAsync(_feeds)));
        Assert.Equal(10, execution.Reads); // each client's first read, as a poll
        List<ExecutionChange>[] changes = [.. watches.Select(_ => new List<ExecutionChange>())];
        Task[] reading = [.. watches.Select((w, i) => ReadAllAsync(w, changes[i]))];
        await WaitForAsync(() => _feeds.Find(WatchedExecution.Id)?.Watchers == 10);
        ExecutionFeed feed = _feeds.Find(WatchedExecution.Id)!;
        Assert.Equal(1, _feeds.Count);

        for (int i = 0; i < 3; i++)
        {
            execution.Write();
            await WaitForAsync(() => changes.All(c => Entries(c).Count == execution.LogCount - 1));
        }

        execution.Finish(ExecutionStatus.Failed);
        await Task.WhenAll(reading).WaitAsync(Patience);

        // Every read after the first ten was the one feed's: ten watchers cost what one does.
        Assert.Equal(execution.Reads - 10, feed.Reads);
        Assert.True(feed.Reads >= 4, $"{feed.Reads} reads");
        Assert.All(changes, c => Assert.Equal([2, 3, 4, 5], Entries(c).Select(e => e.Seq!.Value)));
        Assert.All(changes, c => Assert.Equal(new ExecutionStatusChanged(ExecutionStatus.Failed, Requests.Start.AddMinutes(1)), c[^1]));
        Assert.Equal(0, _feeds.Count);
    }

    [Fact]
    public async Task Changes_WatcherBehindTheFeed_ReadsWhatItMissedItselfOnceAndGoesOn()
    {
        var execution = new WatchedExecution(entries: 2);
        ExecutionWatch first = await execution.WatchAsync(_feeds, after: 2);
        List<ExecutionChange> firstChanges = [];
        Task firstReading = ReadAllAsync(first, firstChanges);

        await WaitForAsync(() => _feeds.Count == 1);

        // A second client whose first read came before the shared feed's start (it has entry 1 only) joins it.
        ExecutionWatch behind = new(first.Execution, 1, _feeds, execution.ReadAsync);
        List<ExecutionChange> behindChanges = [];
        Task behindReading = ReadAllAsync(behind, behindChanges);
        execution.Write(3);
        await WaitForAsync(() => Entries(behindChanges).Count == 4 && Entries(firstChanges).Count == 3);
        execution.Finish(ExecutionStatus.Completed);
        await Task.WhenAll(firstReading, behindReading).WaitAsync(Patience);

        Assert.Equal([2, 3, 4, 5, 6], Entries(behindChanges).Select(e => e.Seq!.Value));
        Assert.Equal([3, 4, 5, 6], Entries(firstChanges).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task Changes_WatcherFurtherBehindThanTheFeedKeeps_CatchesUpWithoutAGap()
    {
        var execution = new WatchedExecution(entries: 1);
        ExecutionWatch leader = await execution.WatchAsync(_feeds);
        List<ExecutionChange> leaderChanges = [];
        Task leading = ReadAllAsync(leader, leaderChanges);
        await WaitForAsync(() => _feeds.Count == 1);
        execution.Write(ExecutionFeed.MaxBufferedEntries + 500);
        await WaitForAsync(() => Entries(leaderChanges).Count == ExecutionFeed.MaxBufferedEntries + 500);

        // A watch that has only the first entry joins the feed, whose buffer no longer starts there.
        ExecutionWatch late = new(leader.Execution, 1, _feeds, execution.ReadAsync);
        List<ExecutionChange> lateChanges = [];
        Task lateReading = ReadAllAsync(late, lateChanges);
        await WaitForAsync(() => Entries(lateChanges).Count == ExecutionFeed.MaxBufferedEntries + 500);
        execution.Finish(ExecutionStatus.Completed);
        await Task.WhenAll(leading, lateReading).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(2, ExecutionFeed.MaxBufferedEntries + 501), Entries(lateChanges).Select(e => e.Seq!.Value));
        Assert.Equal(Enumerable.Range(2, ExecutionFeed.MaxBufferedEntries + 501), Entries(leaderChanges).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task Changes_StoreUnavailableForAWhile_KeepTheWatchAndGoOnWhenItAnswers()
    {
        var execution = new WatchedExecution();
        ExecutionWatch watch = await execution.WatchAsync(_feeds);
        List<ExecutionChange> changes = [];
        Task reading = ReadAllAsync(watch, changes);
        execution.Failure = new TaskStoreUnavailableException("frozen");
        int failedFrom = execution.Reads;
        await WaitForAsync(() => execution.Reads >= failedFrom + 3);

        execution.Failure = null;
        execution.Write();
        execution.Finish(ExecutionStatus.Completed);
        await reading.WaitAsync(Patience);

        Assert.Equal([2, 3], Entries(changes).Select(e => e.Seq!.Value));
        Assert.IsType<ExecutionStatusChanged>(changes[^1]);
    }

    [Fact]
    public async Task Changes_ExecutionGone_EndTheWatch()
    {
        var execution = new WatchedExecution();
        ExecutionWatch watch = await execution.WatchAsync(_feeds);
        List<ExecutionChange> changes = [];
        Task reading = ReadAllAsync(watch, changes);

        execution.Gone = true;
        await reading.WaitAsync(Patience);

        Assert.Empty(changes);
        Assert.Equal(0, _feeds.Count);
    }

    [Fact]
    public async Task Changes_AReadFailsOtherwise_EndTheWatchesAndTheNextWatchGetsANewReader()
    {
        var execution = new WatchedExecution();
        ExecutionWatch broken = await execution.WatchAsync(_feeds);
        List<ExecutionChange> brokenChanges = [];
        execution.Failure = new InvalidOperationException("not an execution");
        await ReadAllAsync(broken, brokenChanges).WaitAsync(Patience);

        execution.Failure = null;
        ExecutionWatch next = await execution.WatchAsync(_feeds, after: 1);
        List<ExecutionChange> nextChanges = [];
        Task reading = ReadAllAsync(next, nextChanges);
        execution.Write();
        execution.Finish(ExecutionStatus.Completed);
        await reading.WaitAsync(Patience);

        Assert.Empty(brokenChanges);
        Assert.Equal([2, 3], Entries(nextChanges).Select(e => e.Seq!.Value));
    }

    [Fact]
    public async Task Changes_Cancelled_LeaveTheFeedWhichStops()
    {
        var execution = new WatchedExecution();
        ExecutionWatch watch = await execution.WatchAsync(_feeds);
        using var cancel = new CancellationTokenSource();
        List<ExecutionChange> changes = [];
        Task reading = ReadAllAsync(watch, changes, cancel.Token);
        await WaitForAsync(() => _feeds.Count == 1 && execution.Reads > 2);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Patience));
        Assert.Equal(0, _feeds.Count);
        await Task.Delay(50);
        int reads = execution.Reads;
        await Task.Delay(200); // twenty intervals of a feed that would still read
        Assert.Equal(reads, execution.Reads);
    }

    [Fact]
    public async Task Changes_ReadTwice_Throws()
    {
        ExecutionWatch watch = await new WatchedExecution().WatchAsync(_feeds);
        _ = watch.ChangesAsync();

        Assert.Throws<InvalidOperationException>(() => watch.ChangesAsync());
    }

    private static List<LogEntry> Entries(List<ExecutionChange> changes)
    {
        lock (changes)
        {
            return [.. changes.OfType<ExecutionLogAppended>().Select(c => c.Entry)];
        }
    }

    private static async Task ReadAllAsync(ExecutionWatch watch, List<ExecutionChange> into, CancellationToken cancellationToken = default)
    {
        await foreach (ExecutionChange change in watch.ChangesAsync(cancellationToken))
        {
            lock (into)
            {
                into.Add(change);
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
