using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskFunctions.Client;

namespace TaskFunctions.Scheduling;

/// <summary>
/// Runs the schedules in a host that ticks by itself (the local host): it calls <see cref="ScheduleRunner"/> when it
/// starts, then at each next occurrence and at least every <see cref="SchedulerOptions.TickInterval"/>, waiting on the
/// host's <see cref="TimeProvider"/>. A host without schedules does nothing.
/// </summary>
internal sealed class ScheduleService : BackgroundService
{
    private readonly ScheduleRunner _runner;
    private readonly TaskExecutionClient _client;
    private readonly TimeProvider _clock;
    private readonly ILogger<ScheduleService> _logger;

    public ScheduleService(ScheduleRunner runner, TaskExecutionClient client, TimeProvider clock, ILogger<ScheduleService> logger)
    {
        _runner = runner;
        _client = client;
        _clock = clock;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_runner.Schedules.Count == 0)
        {
            return;
        }

        DateTimeOffset started = _clock.GetUtcNow();
        foreach (ScheduledTask scheduled in _runner.Schedules)
        {
            ScheduleLog.Declared(_logger, scheduled.Task.Name, scheduled.Schedule.Name, scheduled.Schedule.Cron, scheduled.Schedule.TimeZone.Id, scheduled.Schedule.NextOccurrenceAfter(started));
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = _clock.GetUtcNow();
            try
            {
                await _runner.RunDueAsync(_client, now, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ScheduleLog.TickFailed(_logger, ex);
            }

            TimeSpan wait = _runner.TickInterval;
            if (_runner.NextOccurrenceAfter(now) is { } next && next - _clock.GetUtcNow() < wait)
            {
                wait = next - _clock.GetUtcNow();
            }

            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
