using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;
using TaskFunctions.Samples;
using TaskFunctions.Scheduling;
using static TaskFunctions.Core.Tests.Scheduling.ScheduleBench;

namespace TaskFunctions.Core.Tests.Scheduling;

/// <summary>
/// The core scheduler over a mocked task hub (the same instance table the client tests use): what is due, catch-up
/// after downtime, one execution per occurrence across hosts and restarts, and the one-at-a-time rule.
/// </summary>
public sealed class ScheduleRunnerTests : IDisposable
{
    private static readonly DateTimeOffset Monday2am = At("2025-11-24T02:00:00Z");

    private readonly TestClock _clock = new(Monday2am.UtcDateTime);
    private readonly List<ScheduleBench> _benches = [];

    public void Dispose()
    {
        foreach (ScheduleBench bench in _benches)
        {
            bench.Dispose();
        }
    }

    [Fact]
    public async Task RunDueAsync_AtAnOccurrence_StartsItThroughTheClientWithTriggerScheduleParamsAndKey()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *", timeZone: null, Requests.Json("""{"steps":2}""")))));

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), Monday2am));

        ExecutionRequest started = Assert.Single(bench.Executions());
        Assert.Equal(new ScheduleRun("report", "nightly", Monday2am, ScheduleDecision.Started, started.ExecutionId, []), run with { BusyExecutionIds = [] });
        Assert.Equal(TriggerKind.Schedule, started.Trigger);
        Assert.Equal(2, started.Params!.Value.GetProperty("steps").GetInt32());
        Assert.Equal([InstanceIds.KeyClaim("report", "schedule:report:nightly:2025-11-24T02:00:00Z")], bench.Claims());
        Assert.True(bench.Logs.Any(601));
    }

    [Fact]
    public async Task RunDueAsync_ByTheRunnersClock_StartsWhatIsDueNow()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))));

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(bench.Client()));

        Assert.Equal(Monday2am, run.Occurrence);
        Assert.Single(bench.Executions());
    }

    [Fact]
    public async Task RunDueAsync_BetweenOccurrences_StartsNothingAndCallsNoStorage()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))));
        ScheduleRunner runner = bench.Runner();
        TaskExecutionClient client = bench.Client();
        await runner.RunDueAsync(client, Monday2am);
        int calls = bench.Durable.Invocations.Count;

        foreach (string tick in new[] { "2025-11-24T02:00:30Z", "2025-11-24T12:00:00Z", "2025-11-25T01:59:59Z" })
        {
            Assert.Empty(await runner.RunDueAsync(client, At(tick)));
        }

        Assert.Single(bench.Executions());
        Assert.Equal(calls, bench.Durable.Invocations.Count);
    }

    [Fact]
    public async Task RunDueAsync_EachOccurrence_StartsItsOwnExecutionWithItsOwnKey()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))));
        ScheduleRunner runner = bench.Runner();

        await runner.RunDueAsync(bench.Client(), Monday2am);
        await runner.RunDueAsync(bench.Client(), At("2025-11-25T02:00:00Z"));

        Assert.Equal(2, bench.Executions().Select(e => e.ExecutionId).Distinct().Count());
        Assert.Equal(
            [InstanceIds.KeyClaim("report", "schedule:report:nightly:2025-11-24T02:00:00Z"), InstanceIds.KeyClaim("report", "schedule:report:nightly:2025-11-25T02:00:00Z")],
            bench.Claims());
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 1)]
    public async Task RunDueAsync_LatestOccurrenceOlderThanTheCatchUpWindow_StartsNothing(int windowDays, int expected)
    {
        // Mondays at 02:00; the tick is on Thursday, three days after the latest occurrence.
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("weekly", "0 2 * * 1"))));

        IReadOnlyList<ScheduleRun> runs = await bench.Runner(TimeSpan.FromDays(windowDays)).RunDueAsync(bench.Client(), At("2025-11-27T10:00:00Z"));

        Assert.Equal(expected, runs.Count);
        Assert.Equal(expected, bench.Executions().Length);
    }

    [Fact]
    public async Task RunDueAsync_AfterDowntime_StartsOnlyTheLatestMissedOccurrenceOnce()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("hourly", "0 * * * *"))));
        ScheduleRunner runner = bench.Runner();
        await runner.RunDueAsync(bench.Client(), Monday2am);

        // Down from 02:00 to 09:41: seven occurrences passed (03:00 … 09:00).
        ScheduleRun run = Assert.Single(await runner.RunDueAsync(bench.Client(), At("2025-11-24T09:41:00Z")));
        for (int minute = 42; minute < 60; minute++)
        {
            Assert.Empty(await runner.RunDueAsync(bench.Client(), At($"2025-11-24T09:{minute}:00Z")));
        }

        Assert.Equal(ScheduleDecision.Started, run.Decision);
        Assert.Equal(At("2025-11-24T09:00:00Z"), run.Occurrence);
        Assert.Equal(2, bench.Executions().Length);
        Assert.Equal(InstanceIds.KeyClaim("report", "schedule:report:hourly:2025-11-24T09:00:00Z"), bench.Claims()[^1]);
    }

    [Fact]
    public async Task RunDueAsync_AfterARestart_FindsTheOccurrenceStartedAndStartsNothing()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))));
        ScheduleRun first = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), Monday2am));

        ScheduleRun again = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), At("2025-11-24T02:05:00Z")));

        Assert.Equal(ScheduleDecision.AlreadyStarted, again.Decision);
        Assert.Equal(first.ExecutionId, again.ExecutionId);
        Assert.Single(bench.Executions());
    }

    [Fact]
    public async Task RunDueAsync_TwoHostsTickingAtOnce_StartOneExecution()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))));

        IReadOnlyList<ScheduleRun>[] hosts = await Task.WhenAll(
            bench.Runner().RunDueAsync(bench.Client(), Monday2am),
            bench.Runner().RunDueAsync(bench.Client(), Monday2am.AddSeconds(1)));

        ScheduleRun[] runs = [.. hosts.SelectMany(h => h)];
        Assert.Equal([ScheduleDecision.Started, ScheduleDecision.AlreadyStarted], runs.Select(r => r.Decision).Order());
        Assert.Single(runs.Select(r => r.ExecutionId).Distinct());
        Assert.Single(bench.Store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task RunDueAsync_OneAtATimeTaskWithAnExecutionRunning_SkipsTheOccurrenceAndLogsWhy()
    {
        ScheduleBench bench = Bench(Define("sync", Scheduled(new TaskSchedule("nightly", "0 2 * * *")), limit: 1));
        string manual = (await bench.Client().StartAsync("sync", new StartRequest(TriggerKind.Manual))).Execution!.ExecutionId;

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), Monday2am));

        Assert.Equal(ScheduleDecision.Skipped, run.Decision);
        Assert.Equal([manual], run.BusyExecutionIds);
        Assert.Null(run.ExecutionId);
        Assert.Equal([manual], bench.Executions().Select(e => e.ExecutionId));
        Assert.Empty(bench.Claims());
        CapturedLogs.Message skipped = Assert.Single(bench.Logs.Messages, m => m.EventId == 603);
        Assert.Equal(LogLevel.Warning, skipped.Level);
        Assert.Contains(manual, skipped.Text, StringComparison.Ordinal);
        Assert.Contains("does not queue", skipped.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDueAsync_OneAtATimeTaskThatQueuesWithOneRunningAndOneWaiting_SkipsAndNeverJoinsTheQueue()
    {
        ScheduleBench bench = Bench(Define("sync", Scheduled(new TaskSchedule("nightly", "0 2 * * *")), limit: 1, queue: 3));
        TaskExecutionClient client = bench.Client();
        string running = (await client.StartAsync("sync", new StartRequest(TriggerKind.Manual))).Execution!.ExecutionId;
        string waiting = (await client.StartAsync("sync", new StartRequest(TriggerKind.Api))).Execution!.ExecutionId;

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(client, Monday2am));

        Assert.Equal(ScheduleDecision.Skipped, run.Decision);
        Assert.Equal(2, bench.Executions().Length);
        Assert.Equal(new[] { running, waiting }.Order(StringComparer.Ordinal), run.BusyExecutionIds.Order(StringComparer.Ordinal));
        bench.Durable.Verify(
            c => c.RaiseEventAsync(InstanceIds.Queue("sync"), ProtocolNames.QueueEvent, It.Is<QueueMessage>(m => m.Kind == QueueMessageKind.Join), It.IsAny<CancellationToken>()),
            Times.Exactly(2));
    }

    [Fact]
    public async Task RunDueAsync_SkippedOccurrence_IsNotStartedLaterByTheSameHostButTheNextOneIs()
    {
        ScheduleBench bench = Bench(Define("sync", Scheduled(new TaskSchedule("nightly", "0 2 * * *")), limit: 1));
        ScheduleRunner runner = bench.Runner();
        string manual = (await bench.Client().StartAsync("sync", new StartRequest(TriggerKind.Manual))).Execution!.ExecutionId;
        await runner.RunDueAsync(bench.Client(), Monday2am);
        bench.Finish(manual);

        Assert.Empty(await runner.RunDueAsync(bench.Client(), At("2025-11-24T02:10:00Z")));
        ScheduleRun next = Assert.Single(await runner.RunDueAsync(bench.Client(), At("2025-11-25T02:00:00Z")));

        Assert.Equal(ScheduleDecision.Started, next.Decision);
        Assert.Equal(TriggerKind.Schedule, bench.Executions()[^1].Trigger);
    }

    [Fact]
    public async Task RunDueAsync_OneAtATimeTaskWithNothingRunning_StartsTheOccurrence()
    {
        ScheduleBench bench = Bench(Define("sync", Scheduled(new TaskSchedule("nightly", "0 2 * * *")), limit: 1));
        string earlier = (await bench.Client().StartAsync("sync", new StartRequest(TriggerKind.Manual))).Execution!.ExecutionId;
        bench.Finish(earlier);

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), Monday2am));

        Assert.Equal(ScheduleDecision.Started, run.Decision);
        Assert.Equal(TriggerKind.Schedule, bench.Executions()[^1].Trigger);
    }

    [Fact]
    public async Task RunDueAsync_TaskOfTwoPlacesWithOneRunning_StartsTheOccurrence()
    {
        ScheduleBench bench = Bench(Define("sync", Scheduled(new TaskSchedule("nightly", "0 2 * * *")), limit: 2));
        await bench.Client().StartAsync("sync", new StartRequest(TriggerKind.Manual));

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), Monday2am));

        Assert.Equal(ScheduleDecision.Started, run.Decision);
        Assert.Equal(2, bench.Executions().Length);
    }

    [Fact]
    public async Task RunDueAsync_AStartFromElsewhereTakesThePlaceFirst_IsRefusedLoggedAndSkipped()
    {
        ScheduleBench bench = Bench(Define("sync", Scheduled(new TaskSchedule("nightly", "0 2 * * *")), limit: 1));
        ScheduleRunner runner = bench.Runner();

        // The race: the list read found the task idle, then a manual start took the slot before the schedule's start.
        bench.Durable.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>())).Returns(Pages.Of());
        string manual = (await bench.Client().StartAsync("sync", new StartRequest(TriggerKind.Manual))).Execution!.ExecutionId;

        ScheduleRun run = Assert.Single(await runner.RunDueAsync(bench.Client(), Monday2am));

        Assert.Equal(ScheduleDecision.Refused, run.Decision);
        Assert.Equal([manual], run.BusyExecutionIds);
        Assert.Single(bench.Executions());
        Assert.True(bench.Logs.Any(604));
        Assert.Empty(await runner.RunDueAsync(bench.Client(), At("2025-11-24T02:01:00Z")));
    }

    [Fact]
    public async Task RunDueAsync_ParamsTheTasksTypeRefuses_IsSkippedLoggedAndStartsNothing()
    {
        // A schedule built in code, past the hosts' check of configured schedules: steps must be 1 to 1000.
        TaskDefinitionOptions options = Scheduled(new TaskSchedule("nightly", "0 2 * * *", timeZone: null, Requests.Json("""{"steps":0}""")));
        options.ParamsType = typeof(SimulatedSyncParams);
        ScheduleBench bench = Bench(Define("typed", options));

        ScheduleRun run = Assert.Single(await bench.Runner().RunDueAsync(bench.Client(), Monday2am));

        Assert.Equal(ScheduleDecision.InvalidParams, run.Decision);
        Assert.Null(run.ExecutionId);
        Assert.Empty(bench.Executions());
        Assert.Empty(bench.Claims());
        Assert.True(bench.Logs.Any(608));
    }

    [Fact]
    public async Task RunDueAsync_StoreFails_ReportsFailedAndTheNextTickStartsTheOccurrence()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))));
        ScheduleRunner runner = bench.Runner();
        bench.Durable
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TaskStoreUnavailableException());

        ScheduleRun failed = Assert.Single(await runner.RunDueAsync(bench.Client(), Monday2am));
        var store = new InstanceStore(bench.Durable);
        ScheduleRun retried = Assert.Single(await runner.RunDueAsync(bench.Client(), At("2025-11-24T02:01:00Z")));

        Assert.Equal(ScheduleDecision.Failed, failed.Decision);
        Assert.True(bench.Logs.Any(605));
        Assert.Equal(ScheduleDecision.Started, retried.Decision);
        Assert.Equal(Monday2am, retried.Occurrence);
        Assert.Single(store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task RunDueAsync_InATimeZone_IsDueAtThatZonesWallClock()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *", "Asia/Shanghai"))));
        ScheduleRunner runner = bench.Runner(TimeSpan.FromHours(1));

        Assert.Empty(await runner.RunDueAsync(bench.Client(), At("2025-11-24T17:59:59Z")));
        ScheduleRun run = Assert.Single(await runner.RunDueAsync(bench.Client(), At("2025-11-24T18:00:00Z")));

        Assert.Equal(TimeSpan.FromHours(8), run.Occurrence.Offset);
        Assert.Equal(InstanceIds.KeyClaim("report", "schedule:report:nightly:2025-11-24T18:00:00Z"), Assert.Single(bench.Claims()));
    }

    [Fact]
    public async Task RunDueAsync_HourThatFallBackRepeats_StartsEachIntervalOccurrenceOnceAndAFixedTimeOnce()
    {
        ScheduleBench bench = Bench(
            Define("interval", Scheduled(new TaskSchedule("half-hourly", "*/30 * * * *", "America/New_York"))),
            Define("fixed", Scheduled(new TaskSchedule("nightly", "30 1 * * *", "America/New_York"))));
        ScheduleRunner runner = bench.Runner(TimeSpan.FromMinutes(10));

        // 2025-11-02 05:30Z is 01:30 EDT; 06:00Z and 06:30Z are 01:00 and 01:30 EST.
        foreach (string tick in new[] { "2025-11-02T05:30:00Z", "2025-11-02T05:45:00Z", "2025-11-02T06:00:00Z", "2025-11-02T06:30:00Z", "2025-11-02T06:35:00Z" })
        {
            await runner.RunDueAsync(bench.Client(), At(tick));
        }

        Assert.Equal(3, bench.Executions().Count(e => e.TaskName == "interval"));
        Assert.Equal(1, bench.Executions().Count(e => e.TaskName == "fixed"));
        Assert.Equal(4, bench.Claims().Distinct().Count());
    }

    [Fact]
    public async Task RunDueAsync_TheDaySpringForwardSkipsTheHour_StartsTheOccurrenceWhenTheClockJumps()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "30 2 * * *", "America/New_York"))));
        ScheduleRunner runner = bench.Runner(TimeSpan.FromHours(1));

        // 2025-03-09: 02:00 EST is followed by 03:00 EDT (07:00Z); 02:30 does not exist.
        Assert.Empty(await runner.RunDueAsync(bench.Client(), At("2025-03-09T06:59:59Z")));
        ScheduleRun run = Assert.Single(await runner.RunDueAsync(bench.Client(), At("2025-03-09T07:00:00Z")));

        Assert.Equal(At("2025-03-09T07:00:00Z"), run.Occurrence);
        Assert.Equal(ScheduleDecision.Started, run.Decision);
    }

    [Fact]
    public async Task RunDueAsync_SeveralSchedules_AreEachConsidered()
    {
        ScheduleBench bench = Bench(Define("report", Scheduled(new TaskSchedule("nightly", "0 2 * * *"), new TaskSchedule("hourly", "0 * * * *"))));

        IReadOnlyList<ScheduleRun> runs = await bench.Runner().RunDueAsync(bench.Client(), Monday2am);

        Assert.Equal(["hourly", "nightly"], runs.Select(r => r.ScheduleName).Order(StringComparer.Ordinal));
        Assert.Equal(2, bench.Executions().Length);
    }

    [Fact]
    public void NextOccurrenceAfter_IsTheEarliestOfAllSchedules()
    {
        ScheduleBench bench = Bench(
            Define("a", Scheduled(new TaskSchedule("nightly", "0 2 * * *"))),
            Define("b", Scheduled(new TaskSchedule("quarter", "*/15 * * * *"))),
            Define("c"));

        Assert.Equal(At("2025-11-24T02:15:00Z"), bench.Runner().NextOccurrenceAfter(Monday2am));
        Assert.Null(Bench(Define("c")).Runner().NextOccurrenceAfter(Monday2am));
    }

    [Fact]
    public void IdempotencyKey_IsTheTaskTheScheduleAndTheOccurrenceInUtc()
    {
        Assert.Equal(
            "schedule:report:nightly:2025-11-24T18:00:00Z",
            ScheduleRunner.IdempotencyKey("report", "nightly", new DateTimeOffset(2025, 11, 25, 2, 0, 0, TimeSpan.FromHours(8))));
    }

    [Theory]
    [InlineData("00:00:59", "00:01:00", "CatchUpWindow")]
    [InlineData("1.00:00:00", "00:00:00.500", "TickInterval")]
    [InlineData("1.00:00:00", "01:00:01", "TickInterval")]
    public void Constructor_InvalidOptions_AreRefusedNamingTheSetting(string window, string tick, string named)
    {
        ScheduleBench bench = Bench(Define("report"));
        var options = new SchedulerOptions { CatchUpWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture), TickInterval = TimeSpan.Parse(tick, System.Globalization.CultureInfo.InvariantCulture) };

        var refused = Assert.Throws<ScheduleConfigurationException>(() => bench.Runner(options));

        Assert.Contains($"TaskFunctions:Scheduler:{named}", refused.Message, StringComparison.Ordinal);
    }

    private static TaskDefinitionOptions Scheduled(params TaskSchedule[] schedules)
    {
        var options = new TaskDefinitionOptions();
        foreach (TaskSchedule schedule in schedules)
        {
            options.Schedules.Add(schedule);
        }

        return options;
    }

    private static TaskDefinition Define(string name, TaskDefinitionOptions? options = null, int? limit = null, int? queue = null)
    {
        options ??= new TaskDefinitionOptions();
        options.ConcurrencyLimit = limit;
        options.Queue = queue is int capacity ? new TaskQueuePolicy(capacity) : null;
        return ScheduleBench.Define(name, options);
    }

    private ScheduleBench Bench(params TaskDefinition[] tasks)
    {
        var bench = new ScheduleBench(_clock, tasks);
        _benches.Add(bench);
        return bench;
    }
}
