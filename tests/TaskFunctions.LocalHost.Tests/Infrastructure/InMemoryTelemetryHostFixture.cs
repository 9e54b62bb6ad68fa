using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Telemetry;
using TaskFunctions.Testing;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The local host on the in-memory backend, its OpenTelemetry registered as the hosts register it
/// (<c>AddTaskFunctionsTelemetry</c>) with in-memory exporters: spans as they end, metrics when asked.
/// </summary>
public sealed class InMemoryTelemetryHostFixture : LocalHostFixture
{
    private readonly LockedCollection<Activity> _spans = [];
    private readonly LockedCollection<MetricSnapshot> _metrics = [];

    /// <summary>Gets the ended spans of an execution, in the order they ended.</summary>
    public Activity[] Spans(string executionId) =>
        [.. _spans.Snapshot().Where(s => s.GetTagItem(TaskFunctionsTelemetry.ExecutionIdTag) as string == executionId)];

    /// <summary>Exports the host's metrics now and returns the points of one instrument for one task and trigger.</summary>
    public MetricPoint[] Metrics(string instrument, string taskName, string? trigger = null)
    {
        _metrics.Clear();
        Services.GetRequiredService<MeterProvider>().ForceFlush();
        return [.. _metrics.Snapshot()
            .Where(m => m.Name == instrument)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tag(p, TaskFunctionsTelemetry.TaskNameTag) as string == taskName
                && (trigger is null || Tag(p, TaskFunctionsTelemetry.TriggerTag) as string == trigger))];
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

    protected override Task<string[]> BackendArgumentsAsync() => Task.FromResult<string[]>(["--backend", "memory"]);

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry()
            .AddTaskFunctionsTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
}
