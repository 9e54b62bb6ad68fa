using Microsoft.Extensions.Logging;
using TaskFunctions.Execution;

namespace TaskFunctions.Worker;

/// <summary>
/// What the worker side writes to the host's log. Event ids are stable (1xx: attempts, 2xx: live logs and
/// cancellation): alerts and queries may rely on them.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Execution {ExecutionId}: attempt {Attempt} stopped in stage {Stage} because {Reason}.")]
    public static partial void AttemptStopped(ILogger logger, string executionId, int attempt, ExecutionStage stage, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: attempt {Attempt} failed in stage {Stage}; it is retried.")]
    public static partial void AttemptFailed(ILogger logger, string executionId, int attempt, ExecutionStage stage, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: the handler of attempt {Attempt} did not stop within {GraceMs} ms of its token; the attempt goes on without it.")]
    public static partial void HandlerAbandoned(ILogger logger, string executionId, int attempt, double graceMs);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: could not send the entries its abandoned handler wrote late.")]
    public static partial void LateEntriesSendFailed(ILogger logger, string executionId, Exception exception);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "The host is stopping: handing {Count} attempts that did not finish within {GraceSeconds} s back to the task hub.")]
    public static partial void HandingBackAttempts(ILogger logger, int count, double graceSeconds);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: its archived log holds {Read} of {Expected} entries; the attempt's context leaves the older ones out.")]
    public static partial void ArchivedLogIncomplete(ILogger logger, string executionId, int read, int expected);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: could not read its archived log; the attempt's context leaves the older entries out.")]
    public static partial void ArchivedLogUnreadable(ILogger logger, string executionId, Exception exception);

    [LoggerMessage(EventId = 108, Level = LogLevel.Error, Message = "Execution {ExecutionId} of task {TaskName} failed in stage {Stage} of attempt {Attempt}: {ErrorType}: {ErrorMessage}")]
    public static partial void ExecutionFailed(ILogger logger, string executionId, string taskName, ExecutionStage stage, int attempt, string errorType, string errorMessage, Exception exception);

    [LoggerMessage(EventId = 109, Level = LogLevel.Error, Message = "Execution {ExecutionId} of task {TaskName} timed out after {TimeoutMs} ms in stage {Stage} of attempt {Attempt}.")]
    public static partial void ExecutionTimedOut(ILogger logger, string executionId, string taskName, int timeoutMs, ExecutionStage stage, int attempt);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: could not send live log entries; they arrive with the attempt's result.")]
    public static partial void LiveLogSendFailed(ILogger logger, string executionId, Exception exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Execution {ExecutionId} is {Status}: cancelling its running attempt.")]
    public static partial void StoppingCancelledAttempt(ILogger logger, string executionId, string status);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "Execution {ExecutionId}: could not read the instance status.")]
    public static partial void StatusReadFailed(ILogger logger, string executionId, Exception exception);
}
