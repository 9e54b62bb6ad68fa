namespace TaskFunctions.Scheduling;

/// <summary>
/// How the scheduler treats occurrences; hosts bind it from configuration section <see cref="Section"/>. (The
/// schedules themselves are declared with their tasks, or under <see cref="SchedulesSection"/>.)
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section of these options.</summary>
    public const string Section = "TaskFunctions:Scheduler";

    /// <summary>The configuration section of the schedules declared by configuration: <c>{task}:{schedule}:Cron|TimeZone|Params</c>.</summary>
    public const string SchedulesSection = "TaskFunctions:Schedules";

    /// <summary>The shortest catch-up window: a tick comes at least once a minute.</summary>
    public static readonly TimeSpan MinCatchUpWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how old an occurrence may be and still be started (default 1 day). At each tick only the latest
    /// occurrence at or before now is considered, and only if it is this recent: after downtime, a schedule starts the
    /// one occurrence it missed last, once, and none older. At least <see cref="MinCatchUpWindow"/>.
    /// </summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Gets or sets the longest wait between two ticks of the local host's schedule service (default 1 minute): it
    /// ticks at each next occurrence, and at least this often, so that a start that failed is tried again. From 1
    /// second to 1 hour. (The Functions app ticks every minute with its timer.)
    /// </summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tells what is wrong with these options.</summary>
    /// <returns>The problem, or <see langword="null"/> when they are valid.</returns>
    internal string? Problem() =>
        CatchUpWindow < MinCatchUpWindow ? $"{Section}:CatchUpWindow must be at least {MinCatchUpWindow} (it is {CatchUpWindow})."
        : TickInterval < TimeSpan.FromSeconds(1) || TickInterval > TimeSpan.FromHours(1) ? $"{Section}:TickInterval must be from 00:00:01 to 01:00:00 (it is {TickInterval})."
        : null;
}
