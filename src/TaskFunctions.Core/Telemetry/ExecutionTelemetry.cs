using System.Diagnostics;
using System.Diagnostics.Metrics;
using TaskFunctions.Execution;

namespace TaskFunctions.Telemetry;

/// <summary>
/// The activity source and the instruments of TaskFunctions, once per process (see <see cref="TaskFunctionsTelemetry"/>
/// for their names). Every measurement is tagged with low-cardinality values only: never an execution id.
/// Nothing is measured unless a listener (an OpenTelemetry provider) subscribes.
/// </summary>
internal static class ExecutionTelemetry
{
    private static readonly string? Version = typeof(ExecutionTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>From 10 ms to an hour: executions run from milliseconds to the longest task timeout.</summary>
    private static readonly double[] SecondsBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>Gets the source of the attempt and stage spans.</summary>
    public static ActivitySource Source { get; } = new(TaskFunctionsTelemetry.ActivitySourceName, Version);

    private static readonly Meter Meter = new(TaskFunctionsTelemetry.MeterName, Version);

    private static readonly Counter<long> Started = Meter.CreateCounter<long>(
        TaskFunctionsTelemetry.ExecutionsStarted, "{execution}", "Executions created by an accepted start.");

    private static readonly Counter<long> Completed = Meter.CreateCounter<long>(
        TaskFunctionsTelemetry.ExecutionsCompleted, "{execution}", "Executions that completed.");

    private static readonly Counter<long> Failed = Meter.CreateCounter<long>(
        TaskFunctionsTelemetry.ExecutionsFailed, "{execution}", "Executions that failed, by an error or their timeout.");

    private static readonly Counter<long> Cancelled = Meter.CreateCounter<long>(
        TaskFunctionsTelemetry.ExecutionsCancelled, "{execution}", "Executions cancelled through the API.");

    private static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(
        TaskFunctionsTelemetry.ExecutionsActive, "{attempt}", "Attempts running on this host.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        TaskFunctionsTelemetry.ExecutionDuration,
        "s",
        "How long executions took from their start (a queued execution's turn) to their outcome.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        TaskFunctionsTelemetry.QueueWait,
        "s",
        "How long queued executions waited for their turn.",
        tags: null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>Counts an execution that an accepted start created.</summary>
    /// <param name="taskName">Its task.</param>
    /// <param name="trigger">How it was started.</param>
    public static void ExecutionStarted(string taskName, TriggerKind trigger)
    {
        if (Started.Enabled)
        {
            Started.Add(1, Tags(taskName, trigger));
        }
    }

    /// <summary>Counts an execution cancelled through the API.</summary>
    /// <param name="taskName">Its task, if known.</param>
    public static void ExecutionCancelled(string? taskName)
    {
        if (Cancelled.Enabled)
        {
            Cancelled.Add(1, new KeyValuePair<string, object?>(TaskFunctionsTelemetry.TaskNameTag, taskName));
        }
    }

    /// <summary>Counts an execution whose outcome an attempt decided, and records its duration.</summary>
    /// <param name="taskName">Its task.</param>
    /// <param name="trigger">How it was started.</param>
    /// <param name="status">Its final status: completed or failed.</param>
    /// <param name="duration">How long it took from its start.</param>
    public static void ExecutionEnded(string taskName, TriggerKind trigger, ExecutionStatus status, TimeSpan duration)
    {
        Counter<long> outcomes = status == ExecutionStatus.Completed ? Completed : Failed;
        if (!outcomes.Enabled && !Duration.Enabled)
        {
            return;
        }

        TagList tags = Tags(taskName, trigger);
        outcomes.Add(1, tags);
        if (Duration.Enabled)
        {
            tags.Add(TaskFunctionsTelemetry.StatusTag, TelemetryValues.Of(status));
            Duration.Record(Seconds(duration), tags);
        }
    }

    /// <summary>Records how long a queued execution waited for its turn.</summary>
    /// <param name="taskName">Its task.</param>
    /// <param name="trigger">How it was started.</param>
    /// <param name="wait">From its start request to its turn.</param>
    public static void QueueWaited(string taskName, TriggerKind trigger, TimeSpan wait)
    {
        if (QueueWait.Enabled)
        {
            QueueWait.Record(Seconds(wait), Tags(taskName, trigger));
        }
    }

    /// <summary>Counts an attempt that begins (+1) or ends (-1) on this host.</summary>
    /// <param name="taskName">Its task.</param>
    /// <param name="trigger">How its execution was started.</param>
    /// <param name="delta">+1 or -1.</param>
    public static void AttemptsRunning(string taskName, TriggerKind trigger, int delta)
    {
        if (Active.Enabled)
        {
            Active.Add(delta, Tags(taskName, trigger));
        }
    }

    private static TagList Tags(string taskName, TriggerKind trigger) => new()
    {
        { TaskFunctionsTelemetry.TaskNameTag, taskName },
        { TaskFunctionsTelemetry.TriggerTag, TelemetryValues.Of(trigger) },
    };

    private static double Seconds(TimeSpan span) => span > TimeSpan.Zero ? span.TotalSeconds : 0;
}
