using System.Diagnostics;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Worker;

/// <summary>
/// What one run of an attempt reports while it runs on this host: its span (<see cref="TaskFunctionsTelemetry.AttemptSpan"/>),
/// the count of attempts running here, the queue wait of a queued execution's first attempt and, when the attempt decides
/// the execution's outcome, the completed or failed count and the execution's duration. Only the attempt activity
/// reports: orchestrator code replays, and never does.
/// </summary>
internal sealed class AttemptTelemetry : IDisposable
{
    private readonly ExecutionRequest _execution;
    private readonly TimeProvider _clock;
    private readonly Activity? _span;
    private bool _ended;

    /// <summary>Initializes a new instance of the <see cref="AttemptTelemetry"/> class: the attempt begins.</summary>
    /// <param name="request">The attempt.</param>
    /// <param name="clock">The clock that times the execution.</param>
    public AttemptTelemetry(AttemptRequest request, TimeProvider clock)
    {
        _execution = request.Execution;
        _clock = clock;
        _span = ExecutionTelemetry.Source.StartActivity(TaskFunctionsTelemetry.AttemptSpan, ActivityKind.Internal);
        if (_span is not null)
        {
            _span.SetTag(TaskFunctionsTelemetry.ExecutionIdTag, _execution.ExecutionId);
            _span.SetTag(TaskFunctionsTelemetry.TaskNameTag, _execution.TaskName);
            _span.SetTag(TaskFunctionsTelemetry.TriggerTag, TelemetryValues.Of(_execution.Trigger));
            _span.SetTag(TaskFunctionsTelemetry.AttemptTag, request.Attempt);
        }

        ExecutionTelemetry.AttemptsRunning(_execution.TaskName, _execution.Trigger, +1);
        if (request.Attempt == 1 && _execution.QueuedSince is DateTime queuedSince)
        {
            ExecutionTelemetry.QueueWaited(_execution.TaskName, _execution.Trigger, _execution.StartedAt - queuedSince);
        }
    }

    /// <summary>Starts the span of a stage, a child of the attempt's span.</summary>
    /// <param name="run">The attempt's run.</param>
    /// <param name="stage">The stage.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartStage(AttemptRun run, ExecutionStage stage)
    {
        Activity? span = ExecutionTelemetry.Source.StartActivity(StageSpan(stage), ActivityKind.Internal);
        if (span is not null)
        {
            span.SetTag(TaskFunctionsTelemetry.ExecutionIdTag, run.ExecutionId);
            span.SetTag(TaskFunctionsTelemetry.TaskNameTag, run.Execution.TaskName);
            span.SetTag(TaskFunctionsTelemetry.TriggerTag, TelemetryValues.Of(run.Execution.Trigger));
            span.SetTag(TaskFunctionsTelemetry.AttemptTag, run.Attempt);
            span.SetTag(TaskFunctionsTelemetry.StageTag, TelemetryValues.Of(stage));
        }

        return span;
    }

    /// <summary>Ends a stage's span as succeeded.</summary>
    /// <param name="span">The span, if any; <see langword="null"/> afterwards, so that nothing can fail it any more.</param>
    public static void Succeed(ref Activity? span)
    {
        span?.SetTag(TaskFunctionsTelemetry.OutcomeTag, TelemetryValues.Of(AttemptOutcome.Succeeded));
        span?.SetStatus(ActivityStatusCode.Ok);
        span?.Dispose();
        span = null;
    }

    /// <summary>Ends a stage's span as failed by an exception: its type and message only.</summary>
    /// <param name="span">The span, if any.</param>
    /// <param name="exception">What failed the stage.</param>
    public static void Fail(Activity? span, Exception exception)
    {
        if (span is not null)
        {
            span.SetTag(TaskFunctionsTelemetry.OutcomeTag, TelemetryValues.Of(AttemptOutcome.Failed));
            RecordError(span, exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
            span.Dispose();
        }
    }

    /// <summary>Records how the attempt ended and, when it decided the execution's outcome, counts it.</summary>
    /// <param name="result">The attempt's result.</param>
    public void End(AttemptResult result)
    {
        _ended = true;
        if (_span is not null)
        {
            _span.SetTag(TaskFunctionsTelemetry.OutcomeTag, TelemetryValues.Of(result.Outcome));
            if (result.Outcome is AttemptOutcome.Failed or AttemptOutcome.Retry && result.Error is { } error)
            {
                RecordError(_span, error.Type, error.Message);
            }
            else if (result.Outcome == AttemptOutcome.Succeeded)
            {
                _span.SetStatus(ActivityStatusCode.Ok);
            }
        }

        if (result.Outcome is AttemptOutcome.Succeeded or AttemptOutcome.Failed)
        {
            ExecutionStatus status = result.Outcome == AttemptOutcome.Succeeded ? ExecutionStatus.Completed : ExecutionStatus.Failed;
            ExecutionTelemetry.ExecutionEnded(_execution.TaskName, _execution.Trigger, status, _clock.GetUtcNow().UtcDateTime - _execution.StartedAt);
        }
    }

    /// <summary>Records that the attempt threw instead of returning a result (the host's own failure, not user code's).</summary>
    /// <param name="exception">What it threw.</param>
    public void Fail(Exception exception)
    {
        _ended = true;
        if (_span is not null)
        {
            RecordError(_span, exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
        }
    }

    /// <summary>Ends the span and the attempt's place in the running count.</summary>
    public void Dispose()
    {
        if (!_ended)
        {
            _span?.SetStatus(ActivityStatusCode.Error, "The attempt ended without a result.");
        }

        ExecutionTelemetry.AttemptsRunning(_execution.TaskName, _execution.Trigger, -1);
        _span?.Dispose();
    }

    private static string StageSpan(ExecutionStage stage) => stage switch
    {
        ExecutionStage.Before => TaskFunctionsTelemetry.BeforeSpan,
        ExecutionStage.Handler => TaskFunctionsTelemetry.HandlerSpan,
        ExecutionStage.After => TaskFunctionsTelemetry.AfterSpan,
        _ => TaskFunctionsTelemetry.ErrorSpan,
    };

    /// <summary>An error status and an <c>exception</c> event with the type and message: never params, data or a stack trace.</summary>
    private static void RecordError(Activity span, string type, string message)
    {
        span.SetStatus(ActivityStatusCode.Error, message);
        span.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = type,
            ["exception.message"] = message,
        }));
    }
}
