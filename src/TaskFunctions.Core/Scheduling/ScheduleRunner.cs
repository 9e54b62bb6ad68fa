using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Scheduling;

/// <summary>
/// Starts the due occurrences of every task's schedules, given the time: both hosts call it, the local host from its
/// schedule service at each next occurrence (and at least every minute), the Functions app from a timer every minute.
/// Starts go through <see cref="TaskExecutionClient.StartAsync"/>, the API's path, with trigger <c>schedule</c>.
/// </summary>
/// <remarks>
/// <para>
/// At each tick, only the latest occurrence of a schedule at or before now is considered, and only if it lies within
/// <see cref="SchedulerOptions.CatchUpWindow"/>: after downtime the missed occurrence is started once, never once per
/// missed tick. Its start carries an idempotency key made of the task, the schedule and the occurrence's UTC time,
/// so however many hosts tick, and however often a host restarts, an occurrence starts at most one execution.
/// </para>
/// <para>
/// For a task with a concurrency limit (a one-at-a-time task has 1), the running and waiting executions are read
/// first: when they fill the limit, the occurrence is skipped and the reason logged; a schedule never queues behind
/// them. A start from elsewhere between that read and the start can still take the place: a task that refuses then
/// refuses the schedule's start (logged, skipped); a task that queues lets it wait its turn.
/// </para>
/// <para>
/// This process remembers the occurrence it last dealt with per schedule, so later ticks cost no storage call until
/// the next occurrence; an occurrence it skipped stays skipped here. A host that starts afresh (or another host that
/// ticks after the executions ended) finds that occurrence unstarted and, within the window, starts it then.
/// </para>
/// </remarks>
public sealed class ScheduleRunner
{
    /// <summary>The most list pages one check of a task's running executions reads.</summary>
    private const int MaxBusyPages = 10;

    private readonly TimeProvider _clock;
    private readonly TimeSpan _catchUpWindow;
    private readonly ILogger<ScheduleRunner> _logger;
    private readonly ConcurrentDictionary<(string Task, string Schedule), DateTimeOffset> _handled = new();

    /// <summary>Initializes a new instance of the <see cref="ScheduleRunner"/> class.</summary>
    /// <param name="schedules">Every schedule, checked against its task.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The scheduler's settings.</param>
    /// <param name="logger">The host's log.</param>
    /// <exception cref="ScheduleConfigurationException">The settings are not valid.</exception>
    internal ScheduleRunner(IEnumerable<ScheduledTask> schedules, TimeProvider clock, SchedulerOptions options, ILogger<ScheduleRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ScheduleConfigurationException(problem);
        }

        Schedules = [.. schedules];
        _clock = clock;
        _catchUpWindow = options.CatchUpWindow;
        TickInterval = options.TickInterval;
        _logger = logger;
    }

    /// <summary>Gets every schedule of every task, those from configuration included.</summary>
    public IReadOnlyList<ScheduledTask> Schedules { get; }

    /// <summary>Gets the longest wait between two ticks of a host that ticks by itself.</summary>
    public TimeSpan TickInterval { get; }

    /// <summary>Starts the occurrences that are due now, by the runner's clock.</summary>
    /// <param name="client">The execution client the starts go through.</param>
    /// <param name="cancellationToken">Cancels the tick.</param>
    /// <returns>What was done with each occurrence that was considered.</returns>
    public Task<IReadOnlyList<ScheduleRun>> RunDueAsync(TaskExecutionClient client, CancellationToken cancellationToken = default) =>
        RunDueAsync(client, _clock.GetUtcNow(), cancellationToken);

    /// <summary>Starts the occurrences that are due at <paramref name="now"/>.</summary>
    /// <param name="client">The execution client the starts go through.</param>
    /// <param name="now">The time of the tick.</param>
    /// <param name="cancellationToken">Cancels the tick.</param>
    /// <returns>
    /// What was done with each occurrence that was considered (none for a schedule whose latest occurrence this process
    /// dealt with already, or that has none within the catch-up window). A failed start is reported, not thrown.
    /// </returns>
    public async Task<IReadOnlyList<ScheduleRun>> RunDueAsync(TaskExecutionClient client, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        List<ScheduleRun> runs = [];
        foreach (ScheduledTask scheduled in Schedules)
        {
            if (scheduled.Schedule.LatestOccurrenceAtOrBefore(now) is not { } occurrence || occurrence < now - _catchUpWindow)
            {
                continue;
            }

            var id = (scheduled.Task.Name, scheduled.Schedule.Name);
            if (_handled.TryGetValue(id, out DateTimeOffset last) && last >= occurrence)
            {
                continue;
            }

            ScheduleRun run = await RunOccurrenceAsync(client, scheduled, occurrence, cancellationToken).ConfigureAwait(false);
            if (run.Decision != ScheduleDecision.Failed)
            {
                _handled[id] = occurrence;
            }

            runs.Add(run);
        }

        return runs;
    }

    /// <summary>Finds the first occurrence of any schedule after an instant.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The occurrence, or <see langword="null"/> when no schedule has one.</returns>
    public DateTimeOffset? NextOccurrenceAfter(DateTimeOffset instant) =>
        Schedules.Select(s => s.Schedule.NextOccurrenceAfter(instant)).Where(o => o is not null).Min();

    /// <summary>The idempotency key of an occurrence: the same on every host and after every restart.</summary>
    /// <param name="taskName">The task.</param>
    /// <param name="scheduleName">The schedule.</param>
    /// <param name="occurrence">The occurrence.</param>
    /// <returns>The key, <c>schedule:{task}:{schedule}:{UTC time}</c>.</returns>
    internal static string IdempotencyKey(string taskName, string scheduleName, DateTimeOffset occurrence) =>
        string.Create(CultureInfo.InvariantCulture, $"schedule:{taskName}:{scheduleName}:{occurrence.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");

    private async Task<ScheduleRun> RunOccurrenceAsync(TaskExecutionClient client, ScheduledTask scheduled, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        TaskDefinition task = scheduled.Task;
        TaskSchedule schedule = scheduled.Schedule;
        try
        {
            if (task.ConcurrencyLimit is int limit)
            {
                IReadOnlyList<string> busy = await BusyAsync(client, task.Name, limit, cancellationToken).ConfigureAwait(false);
                if (busy.Count >= limit)
                {
                    ScheduleLog.Skipped(_logger, task.Name, schedule.Name, occurrence, string.Join(", ", busy), limit);
                    return new ScheduleRun(task.Name, schedule.Name, occurrence, ScheduleDecision.Skipped, null, busy);
                }
            }

            var request = new StartRequest(TriggerKind.Schedule, schedule.Params, idempotencyKey: IdempotencyKey(task.Name, schedule.Name, occurrence));
            StartResult result = await client.StartAsync(task.Name, request, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case StartOutcome.Accepted:
                    ScheduleLog.Started(_logger, task.Name, schedule.Name, occurrence, result.Execution!.ExecutionId);
                    return new ScheduleRun(task.Name, schedule.Name, occurrence, ScheduleDecision.Started, result.Execution.ExecutionId, []);

                case StartOutcome.Existing:
                    ScheduleLog.AlreadyStarted(_logger, task.Name, schedule.Name, occurrence, result.Execution!.ExecutionId);
                    return new ScheduleRun(task.Name, schedule.Name, occurrence, ScheduleDecision.AlreadyStarted, result.Execution.ExecutionId, []);

                case StartOutcome.Invalid:
                    ScheduleLog.InvalidParams(_logger, task.Name, schedule.Name, occurrence, result.Problem!);
                    return new ScheduleRun(task.Name, schedule.Name, occurrence, ScheduleDecision.InvalidParams, null, []);

                default:
                    string[] holders = [.. result.RunningExecutionIds, .. result.QueuedExecutionIds];
                    ScheduleLog.Refused(_logger, task.Name, schedule.Name, occurrence, string.Join(", ", holders));
                    return new ScheduleRun(task.Name, schedule.Name, occurrence, ScheduleDecision.Refused, null, holders);
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            ScheduleLog.Failed(_logger, task.Name, schedule.Name, occurrence, ex);
            return new ScheduleRun(task.Name, schedule.Name, occurrence, ScheduleDecision.Failed, null, []);
        }
    }

    /// <summary>Reads the task's running and waiting executions (a waiting one reads running), up to <paramref name="limit"/>.</summary>
    private static async Task<IReadOnlyList<string>> BusyAsync(TaskExecutionClient client, string taskName, int limit, CancellationToken cancellationToken)
    {
        List<string> busy = [];
        string? token = null;
        for (int page = 0; page < MaxBusyPages && busy.Count < limit; page++)
        {
            var query = new ExecutionListQuery(Status: ExecutionStatus.Running, Limit: Math.Min(limit, ExecutionListQuery.MaxLimit), ContinuationToken: token);
            ExecutionPage found = await client.ListAsync(taskName, query, cancellationToken).ConfigureAwait(false);
            busy.AddRange(found.Items.Select(e => e.ExecutionId));
            token = found.ContinuationToken;
            if (token is null)
            {
                break;
            }
        }

        return busy;
    }
}
