using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>
/// What TaskFunctions exports to OpenTelemetry while a test runs, read back in memory: its spans as they end, and its
/// metrics at each <see cref="Metrics"/> call. The providers subscribe to the process's source and meter, so tests that
/// run beside this one report here too: read what belongs to the test (its execution id, its task name).
/// </summary>
internal sealed class CollectedTelemetry : IDisposable
{
    private readonly LockedCollection<Activity> _spans = [];
    private readonly LockedCollection<MetricSnapshot> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public CollectedTelemetry()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(TaskFunctionsTelemetry.ActivitySourceName)
            .AddInMemoryExporter(_spans)
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(TaskFunctionsTelemetry.MeterName)
            .AddInMemoryExporter(_metrics)
            .Build();
    }

    /// <summary>Gets the ended spans of an execution, in the order they ended.</summary>
    public Activity[] Spans(string executionId) =>
        [.. _spans.Snapshot().Where(s => s.GetTagItem(TaskFunctionsTelemetry.ExecutionIdTag) as string == executionId)];

    /// <summary>Exports the metrics now and returns the points of one instrument for one task, as they stand.</summary>
    public MetricPoint[] Metrics(string instrument, string taskName)
    {
        _metrics.Clear();
        _meter.ForceFlush();
        return [.. _metrics.Snapshot()
            .Where(m => m.Name == instrument)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tag(p, TaskFunctionsTelemetry.TaskNameTag) as string == taskName)];
    }

    /// <summary>The value of one tag of a metric point, if it has it.</summary>
    public static object? Tag(MetricPoint point, string key)
    {
        foreach (KeyValuePair<string, object?> tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
    }
}
