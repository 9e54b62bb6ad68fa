using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>How an attempt ends: the lifecycle entries of each outcome, written where the middleware sees them.</summary>
internal sealed partial class AttemptRunner
{
    /// <summary>The error type recorded for a timeout.</summary>
    internal static readonly string TimeoutErrorType = typeof(TimeoutException).FullName!;

    private AttemptResult Succeed(AttemptRun run)
    {
        run.Record(Now, TaskLogLevel.Info, LogMessages.Succeeded, null);
        return run.Result(AttemptOutcome.Succeeded);
    }

    private async Task<AttemptResult> TimeOutAsync(AttemptRun run, CancellationToken cancelled)
    {
        Log.AttemptStopped(_logger, run.ExecutionId, run.Attempt, run.Context.Stage, "its deadline passed");
        var error = new TaskError(TimeoutErrorType, LogMessages.TimedOut(run.Execution.TimeoutMs), run.Context.Stage, run.Attempt);

        // Never stamped before the deadline, even when this host's clock is a moment behind the one that set it.
        DateTime at = Now > run.Context.Deadline ? Now : run.Context.Deadline;
        Log.ExecutionTimedOut(_logger, run.ExecutionId, run.Execution.TaskName, run.Execution.TimeoutMs, run.Context.Stage, run.Attempt);
        run.Record(at, TaskLogLevel.Error, error.Message, error);
        await RunErrorStageAsync(run, error, cancelled).ConfigureAwait(false);
        return run.Result(AttemptOutcome.Failed, error);
    }

    private async Task<AttemptResult> FailAsync(AttemptRun run, Exception failure, CancellationToken cancelled)
    {
        ExecutionStage stage = run.Context.Stage;
        TaskError error = TaskError.FromException(failure, stage, run.Attempt);
        int maxAttempts = run.Execution.Retry?.MaxAttempts ?? 1;
        if (stage == ExecutionStage.Handler && run.Attempt < maxAttempts)
        {
            Log.AttemptFailed(_logger, run.ExecutionId, run.Attempt, stage, failure);
            TimeSpan delay = run.Execution.Retry!.DelayBefore(run.Attempt + 1);
            long delayMs = (long)delay.TotalMilliseconds;
            run.Record(Now, TaskLogLevel.Warn, LogMessages.AttemptFailed(run.Attempt), error);
            run.Record(Now, TaskLogLevel.Info, LogMessages.Retrying(run.Attempt + 1, delayMs), new { attempt = run.Attempt + 1, delayMs });
            return run.Result(AttemptOutcome.Retry, error, delay);
        }

        // The one place the host's log tells of the failure, with the user's exception (the orchestration's own
        // failure, which makes the engine record the instance as Failed, carries no stack trace).
        Log.ExecutionFailed(_logger, run.ExecutionId, run.Execution.TaskName, stage, run.Attempt, error.Type, error.Message, failure);
        run.Record(Now, TaskLogLevel.Error, LogMessages.Failed, error);
        await RunErrorStageAsync(run, error, cancelled).ConfigureAwait(false);
        return run.Result(AttemptOutcome.Failed, error);
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;
}
