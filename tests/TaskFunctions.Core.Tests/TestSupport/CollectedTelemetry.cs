using System.Collections;
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
    private readonly LockedList<Activity> _spans = [];
    private readonly LockedList<MetricSnapshot> _metrics = [];
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

    /// <summary>A list the exporters add to from any thread while the test reads it.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public T[] Snapshot()
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }

        public void Add(T item)
        {
            lock (_lock)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (_lock)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_lock)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (_lock)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
