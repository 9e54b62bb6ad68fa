using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Client;
using TaskFunctions.Scheduling;

namespace TaskFunctions.Functions;

/// <summary>
/// The timer function that runs the tasks' schedules: every minute it hands its durable client to the core's
/// <see cref="ScheduleRunner"/>, which starts the occurrences that are due (the Functions host runs a timer on one
/// instance at a time; the runner's idempotency keys keep an occurrence to one execution either way).
/// </summary>
public sealed class ScheduleFunctions
{
    /// <summary>The function's name.</summary>
    public const string FunctionName = "RunSchedules";

    /// <summary>When it runs: at second 0 of every minute (NCRONTAB, with seconds).</summary>
    public const string EveryMinute = "0 */1 * * * *";

    private readonly ScheduleRunner _runner;
    private readonly TaskExecutionClientFactory _clients;

    /// <summary>Initializes a new instance of the <see cref="ScheduleFunctions"/> class.</summary>
    /// <param name="runner">The schedules of the core.</param>
    /// <param name="clients">Makes the execution client over the durable client a trigger is given.</param>
    public ScheduleFunctions(ScheduleRunner runner, TaskExecutionClientFactory clients)
    {
        _runner = runner;
        _clients = clients;
    }

    /// <summary>Starts the schedules' due occurrences.</summary>
    /// <param name="timer">
    /// The timer's tick. Its schedule monitor is off: the runner decides what is due and catches up missed occurrences
    /// itself, so the host need not keep the timer's status in storage.
    /// </param>
    /// <param name="client">The durable client.</param>
    /// <param name="cancellationToken">Fires when the host stops.</param>
    /// <returns>A task that completes when the due occurrences are started.</returns>
    [Function(FunctionName)]
    public async Task RunAsync([TimerTrigger(EveryMinute, UseMonitor = false)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await _runner.RunDueAsync(_clients.Create(client), cancellationToken).ConfigureAwait(false);
    }
}
