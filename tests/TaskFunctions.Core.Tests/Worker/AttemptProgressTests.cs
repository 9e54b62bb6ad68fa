using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>What the orchestrator shows of one attempt's live batches and result (pure logic).</summary>
public sealed class AttemptProgressTests
{
    private readonly AttemptProgress _progress = new(2);

    [Fact]
    public void Accept_ConsecutiveBatches_ReturnsEachNewEntryOnce()
    {
        Assert.Equal(["a", "b"], Accept(Batch("run-1", 0, "a", "b"), out bool startedOver));
        Assert.False(startedOver);
        Assert.Equal(["c"], Accept(Batch("run-1", 2, "c"), out startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Accept_BatchOfAnotherAttempt_IsIgnored()
    {
        Assert.Empty(Accept(Batch("run-1", 0, "a") with { Attempt = 1 }, out bool startedOver));
        Assert.False(startedOver);

        // It did not count as this attempt's run either.
        Assert.Equal(["a"], Accept(Batch("run-2", 0, "a"), out startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Accept_RepeatedOrOverlappingBatch_ReturnsOnlyWhatIsNew()
    {
        Accept(Batch("run-1", 0, "a", "b"), out _);

        Assert.Empty(Accept(Batch("run-1", 0, "a", "b"), out _));
        Assert.Empty(Accept(Batch("run-1", 1, "b"), out _));
        Assert.Equal(["c"], Accept(Batch("run-1", 1, "b", "c"), out bool startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Accept_EarlyBatchAfterAGap_IsIgnoredAndTheResultFillsTheGap()
    {
        Accept(Batch("run-1", 0, "a"), out _);

        Assert.Empty(Accept(Batch("run-1", 2, "c"), out _));
        Assert.Equal(["b", "c", "d"], Finish(Result("run-1", "a", "b", "c", "d"), out bool startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Accept_BatchOfANewRun_StartsOverWithItsEntries()
    {
        Accept(Batch("run-1", 0, "a", "b"), out _);

        Assert.Equal(["x"], Accept(Batch("run-2", 0, "x"), out bool startedOver));
        Assert.True(startedOver);
        Assert.Equal(["y"], Accept(Batch("run-2", 1, "y"), out startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Accept_BatchOfARunThatEnded_IsIgnored()
    {
        Accept(Batch("run-1", 0, "a"), out _);
        Accept(Batch("run-2", 0, "x"), out _);

        Assert.Empty(Accept(Batch("run-1", 1, "b"), out bool startedOver));
        Assert.False(startedOver);

        // The new run's numbering was left alone.
        Assert.Equal(["y"], Accept(Batch("run-2", 1, "y"), out _));
    }

    [Fact]
    public void Finish_SameRun_ReturnsOnlyTheEntriesNotShownYet()
    {
        Accept(Batch("run-1", 0, "a", "b"), out _);

        Assert.Equal(["c", LogMessages.Succeeded], Finish(Result("run-1", "a", "b", "c", LogMessages.Succeeded), out bool startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Finish_NothingShownYet_ReturnsEveryEntry()
    {
        Assert.Equal(["a", "b"], Finish(Result("run-1", "a", "b"), out bool startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Finish_ResultOfAnotherRun_StartsOverWithAllItsEntries()
    {
        Accept(Batch("run-1", 0, "a", "b"), out _);

        Assert.Equal(["x", "y", "z"], Finish(Result("run-2", "x", "y", "z"), out bool startedOver));
        Assert.True(startedOver);
    }

    [Fact]
    public void Accept_FirstBatchOfARunHandedOutBefore_StartsOverThoughNoEarlierRunShowedAnything()
    {
        Assert.Equal(["x"], Accept(Batch("run-2", 0, "x") with { RunsAgain = true }, out bool startedOver));
        Assert.True(startedOver);
        Assert.Equal(["y"], Accept(Batch("run-2", 1, "y") with { RunsAgain = true }, out startedOver));
        Assert.False(startedOver);
        Assert.Equal(["z"], Finish(Result("run-2", "x", "y", "z") with { RunsAgain = true }, out startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Finish_ResultOfARunHandedOutBefore_StartsOverThoughNoEarlierRunShowedAnything()
    {
        Assert.Equal(["x"], Finish(Result("run-2", "x") with { RunsAgain = true }, out bool startedOver));
        Assert.True(startedOver);
    }

    [Fact]
    public void Accept_RunHandedOutBeforeAfterAnEarlierRunShowedEntries_StartsOverOnce()
    {
        Accept(Batch("run-1", 0, "a"), out _);

        Assert.Equal(["x"], Accept(Batch("run-2", 0, "x") with { RunsAgain = true }, out bool startedOver));
        Assert.True(startedOver);
        Assert.Equal(["y"], Finish(Result("run-2", "x", "y") with { RunsAgain = true }, out startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Accept_EarlierRunArrivingAfterARunHandedOutAgain_IsIgnored()
    {
        // The dead host's batch waited in its queue lock and comes after the new run's.
        Assert.Equal(["x"], Accept(Batch("run-2", 0, "x") with { RunsAgain = true }, out _));

        Assert.Empty(Accept(Batch("run-1", 0, "a"), out bool startedOver));
        Assert.False(startedOver);
        Assert.Equal(["y"], Finish(Result("run-2", "x", "y") with { RunsAgain = true }, out startedOver));
        Assert.False(startedOver);
    }

    [Fact]
    public void Finish_RunSwitchedAwayFrom_ShowsOnlyWhatThatRunHadNotShown()
    {
        Accept(Batch("run-1", 0, "a"), out _);
        Accept(Batch("run-2", 0, "x"), out _);

        Assert.Equal(["b"], Finish(Result("run-1", "a", "b"), out bool startedOver));
        Assert.True(startedOver);
    }

    private static LiveLogBatch Batch(string runId, int from, params string[] messages) =>
        new(2, runId, from, [.. messages.Select(m => Requests.Entry(m))]);

    private static AttemptResult Result(string runId, params string[] messages) =>
        Requests.Result(AttemptOutcome.Succeeded, messages.Select(m => Requests.Entry(m)), runId: runId);

    private string[] Accept(LiveLogBatch batch, out bool startedOver) =>
        [.. _progress.Accept(batch, out startedOver).Select(e => e.Message)];

    private string[] Finish(AttemptResult result, out bool startedOver) =>
        [.. _progress.Finish(result, out startedOver).Select(e => e.Message)];
}
