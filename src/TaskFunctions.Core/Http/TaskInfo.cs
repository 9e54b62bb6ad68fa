using TaskFunctions.Catalog;
using TaskFunctions.Scheduling;

namespace TaskFunctions.Http;

/// <summary>A task in the catalog, as <c>GET /tasks</c> lists it: durations in milliseconds, as the JSON API counts them.</summary>
/// <param name="Name">The task name.</param>
/// <param name="Description">What the task does.</param>
/// <param name="TimeoutMs">The timeout of one execution in milliseconds.</param>
/// <param name="Retry">How a failed handler is retried, if at all.</param>
/// <param name="ConcurrencyLimit">How many executions may run at once, if limited.</param>
/// <param name="QueueCapacity">How many starts beyond the limit may wait for their turn, if the task queues them (else they get 409).</param>
/// <param name="Schedules">The cron schedules that start the task, if any, from code and from configuration.</param>
public sealed record TaskInfo(
    string Name, string? Description, int TimeoutMs, TaskInfo.RetryInfo? Retry, int? ConcurrencyLimit, int? QueueCapacity = null, IReadOnlyList<TaskInfo.ScheduleInfo>? Schedules = null)
{
    /// <summary>Describes a registered task with its schedules, each with its next occurrence.</summary>
    /// <param name="task">The task.</param>
    /// <param name="schedules">The task's schedules (the host's schedule runner has them all, configuration's included).</param>
    /// <param name="now">The moment the next occurrences are counted from.</param>
    /// <returns>Its catalog entry.</returns>
    public static TaskInfo From(TaskDefinition task, IReadOnlyList<ScheduledTask> schedules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(schedules);
        RetryInfo? retry = task.Retry is { } policy
            ? new RetryInfo(policy.MaxAttempts, (int)policy.FirstDelay.TotalMilliseconds, policy.BackoffCoefficient, (int)policy.MaxDelay.TotalMilliseconds)
            : null;
        ScheduleInfo[] listed = [.. schedules
            .Where(s => s.Task.Name == task.Name)
            .Select(s => new ScheduleInfo(s.Schedule.Name, s.Schedule.Cron, s.Schedule.TimeZone.Id, s.Schedule.NextOccurrenceAfter(now)?.UtcDateTime))];
        return new TaskInfo(task.Name, task.Description, (int)task.Timeout.TotalMilliseconds, retry, task.ConcurrencyLimit, task.Queue?.Capacity, listed.Length == 0 ? null : listed);
    }

    /// <summary>A task's retry policy in the catalog.</summary>
    /// <param name="MaxAttempts">The most attempts, the first included.</param>
    /// <param name="FirstDelayMs">The wait before the second attempt, in milliseconds.</param>
    /// <param name="BackoffCoefficient">The factor applied to the wait after each retry.</param>
    /// <param name="MaxDelayMs">The longest wait, in milliseconds.</param>
    public sealed record RetryInfo(int MaxAttempts, int FirstDelayMs, double BackoffCoefficient, int MaxDelayMs);

    /// <summary>A schedule of a task in the catalog.</summary>
    /// <param name="Name">The schedule's name, unique among the task's schedules.</param>
    /// <param name="Cron">The cron expression (5 fields, or 6 with seconds first).</param>
    /// <param name="TimeZone">The time zone the expression is read in (an IANA id, or UTC).</param>
    /// <param name="NextAt">The next occurrence (UTC); none when the expression occurs no more (a date in the past).</param>
    public sealed record ScheduleInfo(string Name, string Cron, string TimeZone, DateTime? NextAt);
}
