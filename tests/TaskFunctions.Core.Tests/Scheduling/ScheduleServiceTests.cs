using Microsoft.Extensions.Time.Testing;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Protocol;
using TaskFunctions.Scheduling;

namespace TaskFunctions.Core.Tests.Scheduling;

/// <summary>
/// The local host's schedule service on a fake clock: it sleeps until the next occurrence (or the tick interval) and
/// starts the occurrence then, through the same runner and client.
/// </summary>
public sealed class ScheduleServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly FakeTimeProvider _clock = new(ScheduleBench.At("2025-11-24T01:59:00Z"));
    private readonly ScheduleBench _bench;

    public ScheduleServiceTests()
    {
        var options = new TaskDefinitionOptions();
        options.Schedules.Add(new TaskSchedule("nightly", "0 2 * * *"));
        _bench = new ScheduleBench(_clock, ScheduleBench.Define("report", options));
    }

    public void Dispose() => _bench.Dispose();

    [Fact]
    public async Task ExecuteAsync_BeforeTheOccurrence_SleepsUntilItAndStartsItThen()
    {
        // The tick interval is an hour: only waking at the occurrence starts it at 02:00.
        _clock.SetUtcNow(ScheduleBench.At("2025-11-24T01:59:17Z"));
        using ScheduleService service = Service(new SchedulerOptions { CatchUpWindow = TimeSpan.FromHours(1), TickInterval = TimeSpan.FromHours(1) });
        await service.StartAsync(CancellationToken.None);

        // A second at a time, as a clock moves, letting the service run after each step.
        await StepUntilAsync(() => _bench.Executions().Length > 0, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        DateTime startedAt = Assert.Single(_bench.Executions()).StartedAt;
        Assert.InRange(startedAt, ScheduleBench.At("2025-11-24T02:00:00Z").UtcDateTime, ScheduleBench.At("2025-11-24T02:00:01Z").UtcDateTime);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_AStartThatFailed_IsTriedAgainAtTheNextTick()
    {
        _clock.SetUtcNow(ScheduleBench.At("2025-11-24T02:00:00Z"));
        _bench.Durable
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TaskStoreUnavailableException());
        using ScheduleService service = Service(new SchedulerOptions { CatchUpWindow = TimeSpan.FromHours(1) });
        await service.StartAsync(CancellationToken.None);
        await StepUntilAsync(() => _bench.Logs.Any(605), TimeSpan.Zero, TimeSpan.Zero);

        var store = new InstanceStore(_bench.Durable);
        await StepUntilAsync(() => store.Created.Any(s => s.Name == ProtocolNames.ExecutionOrchestrator), TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

        // The next occurrence is tomorrow: the tick a minute later tried today's again.
        var request = (ExecutionRequest)store.Created.Single(s => s.Name == ProtocolNames.ExecutionOrchestrator).Input!;
        Assert.InRange(request.StartedAt, ScheduleBench.At("2025-11-24T02:01:00Z").UtcDateTime, ScheduleBench.At("2025-11-24T02:01:05Z").UtcDateTime);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_WithoutSchedules_EndsAtOnce()
    {
        using var bench = new ScheduleBench(_clock, ScheduleBench.Define("plain"));
        using var service = new ScheduleService(bench.Runner(), bench.Client(), _clock, bench.Logger<ScheduleService>());

        await service.StartAsync(CancellationToken.None);

        await service.ExecuteTask!.WaitAsync(Patience);
        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task StopAsync_WhileWaiting_EndsTheService()
    {
        using ScheduleService service = Service(new SchedulerOptions { CatchUpWindow = TimeSpan.FromHours(1) });
        await service.StartAsync(CancellationToken.None);

        await AdvanceAsync(TimeSpan.FromSeconds(1));

        await service.StopAsync(CancellationToken.None);

        // Stopped before or while it waits, the service ends without starting anything, and nothing runs after.
        Task running = service.ExecuteTask!;
        await Task.WhenAny(running, Task.Delay(Patience));
        Assert.True(running.IsCompleted);
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(_bench.Executions());
    }

    private ScheduleService Service(SchedulerOptions options) =>
        new(_bench.Runner(options), _bench.Client(), _clock, _bench.Logger<ScheduleService>());

    /// <summary>Moves the clock, then lets the service's loop run what became due.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        await Task.Delay(10);
    }

    /// <summary>
    /// Moves the clock a step at a time (none when <paramref name="step"/> is zero), letting the service run after each,
    /// until the condition holds; fails when the clock moved <paramref name="most"/> or the real time ran out.
    /// </summary>
    private async Task StepUntilAsync(Func<bool> condition, TimeSpan step, TimeSpan most)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        TimeSpan moved = TimeSpan.Zero;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition did not come true in time.");
            if (step > TimeSpan.Zero)
            {
                Assert.True(moved < most, $"The condition did not come true within {most} of the clock.");
                moved += step;
            }

            await AdvanceAsync(step);
        }
    }
}
