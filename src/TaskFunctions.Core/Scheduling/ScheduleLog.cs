using Microsoft.Extensions.Logging;

namespace TaskFunctions.Scheduling;

/// <summary>What the scheduler writes to the host's log. Event ids are stable (6xx: schedules): alerts and queries may rely on them.</summary>
internal static partial class ScheduleLog
{
    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Schedule {TaskName}/{ScheduleName}: started execution {ExecutionId} for the occurrence at {Occurrence:O}.")]
    public static partial void Started(ILogger logger, string taskName, string scheduleName, DateTimeOffset occurrence, string executionId);

    [LoggerMessage(EventId = 602, Level = LogLevel.Debug, Message = "Schedule {TaskName}/{ScheduleName}: the occurrence at {Occurrence:O} was started already, as execution {ExecutionId} (by another host, or before a restart).")]
    public static partial void AlreadyStarted(ILogger logger, string taskName, string scheduleName, DateTimeOffset occurrence, string executionId);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Schedule {TaskName}/{ScheduleName}: skipped the occurrence at {Occurrence:O} because executions {BusyExecutionIds} run or wait, which is all the task's concurrency limit of {Limit} allows; a schedule does not queue.")]
    public static partial void Skipped(ILogger logger, string taskName, string scheduleName, DateTimeOffset occurrence, string busyExecutionIds, int limit);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "Schedule {TaskName}/{ScheduleName}: the start for the occurrence at {Occurrence:O} was refused at the task's concurrency limit (executions {BusyExecutionIds} started meanwhile); the occurrence is skipped.")]
    public static partial void Refused(ILogger logger, string taskName, string scheduleName, DateTimeOffset occurrence, string busyExecutionIds);

    [LoggerMessage(EventId = 605, Level = LogLevel.Error, Message = "Schedule {TaskName}/{ScheduleName}: could not start the occurrence at {Occurrence:O}; the next tick tries it again.")]
    public static partial void Failed(ILogger logger, string taskName, string scheduleName, DateTimeOffset occurrence, Exception exception);

    [LoggerMessage(EventId = 606, Level = LogLevel.Information, Message = "Schedule {TaskName}/{ScheduleName}: '{Cron}' in {TimeZone}, next at {Next:O}.")]
    public static partial void Declared(ILogger logger, string taskName, string scheduleName, string cron, string timeZone, DateTimeOffset? next);

    [LoggerMessage(EventId = 607, Level = LogLevel.Error, Message = "The schedule service's tick failed; it ticks again.")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 608, Level = LogLevel.Error, Message = "Schedule {TaskName}/{ScheduleName}: the occurrence at {Occurrence:O} is skipped: {Problem}")]
    public static partial void InvalidParams(ILogger logger, string taskName, string scheduleName, DateTimeOffset occurrence, string problem);
}
