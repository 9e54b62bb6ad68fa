namespace TaskFunctions.Telemetry;

/// <summary>
/// The names of what TaskFunctions reports to OpenTelemetry and to the host's log: its activity source and meter,
/// its spans, instruments and tags, and the log category of execution entries. They are stable: dashboards, alerts
/// and queries may rely on them. Hosts subscribe with <c>AddTaskFunctionsTelemetry()</c>.
/// </summary>
public static class TaskFunctionsTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> of the spans.</summary>
    public const string ActivitySourceName = "TaskFunctions";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the instruments.</summary>
    public const string MeterName = "TaskFunctions";

    /// <summary>The log category under which an execution's own entries reach the host's log.</summary>
    public const string ExecutionLogCategory = "TaskFunctions.Execution";

    /// <summary>The span of one run of an attempt on a host: the stages it runs, and the outcome it returns.</summary>
    public const string AttemptSpan = "taskfunctions.attempt";

    /// <summary>The span of the before middleware, a child of <see cref="AttemptSpan"/>.</summary>
    public const string BeforeSpan = "taskfunctions.before";

    /// <summary>The span of the handler, a child of <see cref="AttemptSpan"/>.</summary>
    public const string HandlerSpan = "taskfunctions.handler";

    /// <summary>The span of the after middleware, a child of <see cref="AttemptSpan"/>.</summary>
    public const string AfterSpan = "taskfunctions.after";

    /// <summary>The span of the error middleware, a child of <see cref="AttemptSpan"/>.</summary>
    public const string ErrorSpan = "taskfunctions.error";

    /// <summary>Counter of executions created by an accepted start (a repeated idempotency key creates none).</summary>
    public const string ExecutionsStarted = "taskfunctions.executions.started";

    /// <summary>Counter of executions that completed, counted by the attempt that decided it.</summary>
    public const string ExecutionsCompleted = "taskfunctions.executions.completed";

    /// <summary>Counter of executions that failed (an error or their timeout), counted by the attempt that decided it.</summary>
    public const string ExecutionsFailed = "taskfunctions.executions.failed";

    /// <summary>Counter of executions cancelled through the API, counted by the host that cancelled them.</summary>
    public const string ExecutionsCancelled = "taskfunctions.executions.cancelled";

    /// <summary>Up-down counter of the attempts running on this host.</summary>
    public const string ExecutionsActive = "taskfunctions.executions.active";

    /// <summary>
    /// Histogram of how long executions took, in seconds, from their start (for a queued execution, its turn) to their
    /// outcome, retries and their waits included.
    /// </summary>
    public const string ExecutionDuration = "taskfunctions.execution.duration";

    /// <summary>Histogram of how long queued executions waited for their turn, in seconds.</summary>
    public const string QueueWait = "taskfunctions.execution.queue_wait";

    /// <summary>Span tag: the execution id. Never on metrics.</summary>
    public const string ExecutionIdTag = "taskfunctions.execution_id";

    /// <summary>Span and metric tag: the task name.</summary>
    public const string TaskNameTag = "taskfunctions.task_name";

    /// <summary>Span and metric tag: how the execution was started (<c>manual</c>, <c>api</c>, …).</summary>
    public const string TriggerTag = "taskfunctions.trigger";

    /// <summary>Span tag: the attempt, 1 for the first.</summary>
    public const string AttemptTag = "taskfunctions.attempt";

    /// <summary>Span tag: the stage of a stage span (<c>before</c>, <c>handler</c>, <c>after</c>, <c>error</c>).</summary>
    public const string StageTag = "taskfunctions.stage";

    /// <summary>
    /// Span tag: how the attempt or the stage ended: <c>succeeded</c>, <c>retry</c>, <c>failed</c>,
    /// <c>cancelled</c> or <c>interrupted</c> for an attempt; <c>succeeded</c> or <c>failed</c> for a stage.
    /// </summary>
    public const string OutcomeTag = "taskfunctions.outcome";

    /// <summary>Metric tag of <see cref="ExecutionDuration"/>: the execution's final status (<c>completed</c> or <c>failed</c>).</summary>
    public const string StatusTag = "taskfunctions.status";
}
