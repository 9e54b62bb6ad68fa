using TaskFunctions.Catalog;

namespace TaskFunctions.Scheduling;

/// <summary>One schedule of one task, as the scheduler runs it.</summary>
/// <param name="Task">The task.</param>
/// <param name="Schedule">The schedule.</param>
/// <param name="Source">Where it was declared: <c>code</c>, or the configuration path of its section.</param>
public sealed record ScheduledTask(TaskDefinition Task, TaskSchedule Schedule, string Source)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Task.Name}/{Schedule.Name} ({Schedule.Cron}, {Schedule.TimeZone.Id})";
}
