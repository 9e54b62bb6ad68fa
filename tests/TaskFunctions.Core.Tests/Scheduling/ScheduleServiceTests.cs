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
    public async Task ExecuteAsync_BeforeTheOccurrence_WaitsAndStartsItWhenTheClockReachesIt()
    {
        using ScheduleService service = Service(TimeSpan.FromHours(1));
        await service.StartAsync(CancellationToken.None);

        // A second at a time, as a clock moves: nothing starts before 02:00.
        for (int second = 0; second < 59; second++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Empty(_bench.Executions());
        }

        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await EventuallyAsync(() => _bench.Executions().Length == 1);
        Assert.Equal(ScheduleBench.At("2025-11-24T02:00:00Z").UtcDateTime, Assert.Single(_bench.Executions()).StartedAt);

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_AStartThatFailed_IsTriedAgainAtTheNextTick()
    {
        _clock.SetUtcNow(ScheduleBench.At("2025-11-24T02:00:00Z"));
        _bench.Durable
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TaskStoreUnavailableException());
        using ScheduleService service = Service(TimeSpan.FromHours(1));
        await service.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => _bench.Logs.Any(605));

        var store = new InstanceStore(_bench.Durable);
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        await EventuallyAsync(() => store.Created.Any(s => s.Name == ProtocolNames.ExecutionOrchestrator));

        var request = (ExecutionRequest)store.Created.Single(s => s.Name == ProtocolNames.ExecutionOrchestrator).Input!;
        Assert.Equal(ScheduleBench.At("2025-11-24T02:01:00Z").UtcDateTime, request.StartedAt);
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
        using ScheduleService service = Service(TimeSpan.FromHours(1));
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

    private ScheduleService Service(TimeSpan catchUpWindow) =>
        new(_bench.Runner(catchUpWindow), _bench.Client(), _clock, _bench.Logger<ScheduleService>());

    /// <summary>Moves the clock, then lets the service's loop run what became due.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        await Task.Delay(10);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition did not come true in time.");
            await Task.Delay(10);
        }
    }
}
