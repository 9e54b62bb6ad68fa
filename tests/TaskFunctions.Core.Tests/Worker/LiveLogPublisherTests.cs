using System.Diagnostics;
using Microsoft.Extensions.Options;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>Live log batches a running attempt sends to its orchestration, and the host's budget for them.</summary>
public sealed class LiveLogPublisherTests
{
    [Fact]
    public async Task RunAsync_EntriesWrittenWhileTheHandlerRuns_AreSentAsNumberedBatchesOfTheRun()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t");
        host.Script.Handler = async (c, _) =>
        {
            c.Logs.Info("one");
            await RunnerHost.WaitUntilAsync(() => !host.Raised.IsEmpty);
            c.Logs.Info("two");
            c.Logs.Warn("three", new { n = 3 });
            await RunnerHost.WaitUntilAsync(() => host.Batches(execution.ExecutionId).Sum(b => b.Entries.Count) >= 3);
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution, attempt: 2, logs: [Requests.Entry("earlier")]));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["one", "two", "three", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
        LiveLogBatch[] batches = host.Batches(execution.ExecutionId);
        Assert.All(batches, b => Assert.Equal(2, b.Attempt));
        Assert.All(batches, b => Assert.Equal(result.RunId, b.RunId));
        Assert.Equal(["one"], batches[0].Entries.Select(e => e.Message));

        // Numbered within the run (the earlier entry does not count), without gaps or overlaps.
        int from = 0;
        foreach (LiveLogBatch batch in batches)
        {
            Assert.Equal(from, batch.From);
            Assert.NotEmpty(batch.Entries);
            from += batch.Entries.Count;
        }

        Assert.Equal(result.Logs.Take(from), batches.SelectMany(b => b.Entries));
        Assert.All(host.Raised, e => Assert.Equal(ProtocolNames.LiveLogEvent, e.Name));
    }

    [Fact]
    public async Task RunAsync_AttemptEndsWithinTheInterval_SendsNothing()
    {
        await using RunnerHost host = Build(o => o.LiveLogInterval = TimeSpan.FromSeconds(5));
        host.Script.Handler = async (c, _) =>
        {
            c.Logs.Info("one");
            c.Logs.Info("two");

            // Long enough for a publisher that does not wait its interval to send.
            await Task.Delay(300);
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")));

        Assert.Equal(["one", "two", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
        Assert.Equal(0, host.RaiseCalls);
    }

    [Fact]
    public async Task RunAsync_ABatchFailsToSend_IsNotRetriedAndTheNextBatchStartsWhereTheSentOnesEnded()
    {
        await using RunnerHost host = Build(o => o.LiveLogInterval = TimeSpan.FromMilliseconds(20));
        ExecutionRequest execution = host.Execution("t");
        int calls = 0;
        host.OnRaise = _ => Interlocked.Increment(ref calls) == 2 ? Task.FromException(new InvalidOperationException("sidecar unavailable")) : Task.CompletedTask;
        int callsWhileQuiet = -1;
        host.Script.Handler = async (c, _) =>
        {
            c.Logs.Info("one");
            await RunnerHost.WaitUntilAsync(() => host.Raised.Count == 1);
            c.Logs.Info("two");
            await RunnerHost.WaitUntilAsync(() => host.RaiseCalls >= 2);

            // Ten intervals without a new entry: a failed batch is not sent again on its own.
            await Task.Delay(200);
            callsWhileQuiet = host.RaiseCalls;
            c.Logs.Info("three");
            await RunnerHost.WaitUntilAsync(() => host.Raised.Count >= 2);
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, callsWhileQuiet);
        LiveLogBatch[] attempted = [.. host.Attempted.Select(e => Assert.IsType<LiveLogBatch>(e.Payload))];
        Assert.Equal(0, attempted[0].From);
        Assert.Equal(["one"], attempted[0].Entries.Select(e => e.Message));
        Assert.Equal(1, attempted[1].From);
        Assert.Equal(["two"], attempted[1].Entries.Select(e => e.Message));
        LiveLogBatch[] sent = host.Batches(execution.ExecutionId);
        Assert.Equal(1, sent[1].From);
        Assert.Equal(["two", "three"], sent[1].Entries.Select(e => e.Message));

        // Whatever was lost, the result carries every entry.
        Assert.Equal(["one", "two", "three", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
        Assert.True(host.Logs.Any(201), "the failed send is logged");
    }

    [Fact]
    public async Task RunAsync_ManyAttemptsLoggingFast_KeepToTheHostsBudgetAndEachSendsSome()
    {
        const int PerSecond = 4;
        await using RunnerHost host = Build(o =>
        {
            o.MaxLiveLogBatchesPerSecond = PerSecond;
            o.LiveLogInterval = TimeSpan.FromMilliseconds(10);
        });
        host.Script.Handler = async (c, _) =>
        {
            var running = Stopwatch.StartNew();
            while (running.Elapsed < TimeSpan.FromSeconds(2))
            {
                c.Logs.Info("tick");
                await Task.Delay(10);
            }
        };
        ExecutionRequest[] executions = [.. Enumerable.Range(0, 5).Select(_ => host.Execution("t"))];
        var stopwatch = Stopwatch.StartNew();

        AttemptResult[] results = await Task.WhenAll(executions.Select(e => host.RunAsync(Requests.Attempt(e), TimeSpan.FromSeconds(30))));

        stopwatch.Stop();
        Assert.All(results, r => Assert.Equal(AttemptOutcome.Succeeded, r.Outcome));
        double seconds = stopwatch.Elapsed.TotalSeconds;
        int sent = host.RaiseCalls;
        Assert.True(sent <= (PerSecond * seconds) + 2, $"{sent} batches in {seconds:F1} s");
        Assert.All(executions, e => Assert.NotEmpty(host.Batches(e.ExecutionId)));

        // Batches grew instead: together they still carry many entries.
        Assert.True(host.Batches(executions[0].ExecutionId).Sum(b => b.Entries.Count) > host.Batches(executions[0].ExecutionId).Length);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(20)]
    public async Task WaitTurnAsync_AskedAsFastAsPossible_GrantsAboutTheBudget(int perSecond)
    {
        using var budget = new LiveLogBudget(Options.Create(new WorkerOptions { MaxLiveLogBatchesPerSecond = perSecond }));

        (int granted, double seconds) = await CountTurnsAsync(budget, TimeSpan.FromSeconds(2));

        // A full bucket to start with: a quarter of a second's worth at once.
        double burst = Math.Max(1, perSecond / 4);
        Assert.True(granted <= (perSecond * seconds) + burst + 1, $"{granted} turns in {seconds:F1} s");
        Assert.True(granted >= perSecond * seconds / 2, $"{granted} turns in {seconds:F1} s");
    }

    /// <summary>
    /// Fails: <c>LiveLogBudget</c> hands out <c>Math.Max(1, MaxLiveLogBatchesPerSecond / 4)</c> turns every 250 ms,
    /// so any budget below 4 per second still grants 4 per second (1 grants four times its budget).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task WaitTurnAsync_BudgetBelowFourPerSecond_StillKeepsToTheBudget(int perSecond)
    {
        using var budget = new LiveLogBudget(Options.Create(new WorkerOptions { MaxLiveLogBatchesPerSecond = perSecond }));

        (int granted, double seconds) = await CountTurnsAsync(budget, TimeSpan.FromSeconds(3));

        Assert.True(granted <= (perSecond * seconds) + 2, $"{granted} turns in {seconds:F1} s with a budget of {perSecond} per second");
    }

    private static async Task<(int Granted, double Seconds)> CountTurnsAsync(LiveLogBudget budget, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var stopwatch = Stopwatch.StartNew();
        int granted = 0;
        try
        {
            while (true)
            {
                await budget.WaitTurnAsync(stop.Token);
                granted++;
            }
        }
        catch (OperationCanceledException)
        {
            // The time is up.
        }

        return (granted, stopwatch.Elapsed.TotalSeconds);
    }

    private static RunnerHost Build(Action<WorkerOptions>? options = null) =>
        new(b => b.AddTask<ScriptedHandler>("t"), options);
}
