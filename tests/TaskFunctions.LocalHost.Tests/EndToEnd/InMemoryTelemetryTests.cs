using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenTelemetry.Metrics;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.Telemetry;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// Telemetry of real executions on the local host (in memory), read from in-memory exporters: a start that completes
/// leaves its attempt and stage spans and counts as started and completed; one that fails leaves an error span and
/// counts as failed.
/// </summary>
public sealed class InMemoryTelemetryTests(InMemoryTelemetryHostFixture host) : IClassFixture<InMemoryTelemetryHostFixture>
{
    [Fact]
    public async Task StartToCompleted_ExportsTheExecutionsSpansAndCountsItStartedAndCompleted()
    {
        long startedBefore = Sum(TaskFunctionsTelemetry.ExecutionsStarted, TestTasks.Probe);
        long completedBefore = Sum(TaskFunctionsTelemetry.ExecutionsCompleted, TestTasks.Probe);

        string executionId = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 10 }, trigger: "api");
        JsonNode finished = await host.Http.WaitUntilFinishedAsync(executionId);

        Assert.Equal("completed", ApiClient.Status(finished));
        Activity[] spans = host.Spans(executionId);
        Activity attempt = Assert.Single(spans, s => s.OperationName == TaskFunctionsTelemetry.AttemptSpan);
        Assert.Equal(TestTasks.Probe, attempt.GetTagItem(TaskFunctionsTelemetry.TaskNameTag));
        Assert.Equal("api", attempt.GetTagItem(TaskFunctionsTelemetry.TriggerTag));
        Assert.Equal(1, attempt.GetTagItem(TaskFunctionsTelemetry.AttemptTag));
        Assert.Equal("succeeded", attempt.GetTagItem(TaskFunctionsTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Ok, attempt.Status);
        Activity handler = Assert.Single(spans, s => s.OperationName == TaskFunctionsTelemetry.HandlerSpan);
        Assert.Equal(attempt.SpanId, handler.ParentSpanId);

        Assert.Equal(startedBefore + 1, Sum(TaskFunctionsTelemetry.ExecutionsStarted, TestTasks.Probe));
        Assert.Equal(completedBefore + 1, Sum(TaskFunctionsTelemetry.ExecutionsCompleted, TestTasks.Probe));
        MetricPoint duration = Assert.Single(host.Metrics(TaskFunctionsTelemetry.ExecutionDuration, TestTasks.Probe, "api"));
        Assert.True(duration.GetHistogramCount() >= 1);
    }

    [Fact]
    public async Task StartToFailed_ExportsAnErrorSpanAndCountsItFailed()
    {
        long failedBefore = Sum(TaskFunctionsTelemetry.ExecutionsFailed, "user-space-sync");

        string executionId = await host.Http.StartAsync("user-space-sync", new { durationMs = 40, steps = 2, fail = true }, trigger: "api");
        JsonNode finished = await host.Http.WaitUntilFinishedAsync(executionId);

        Assert.Equal("failed", ApiClient.Status(finished));
        Activity attempt = Assert.Single(host.Spans(executionId), s => s.OperationName == TaskFunctionsTelemetry.AttemptSpan);
        Assert.Equal(ActivityStatusCode.Error, attempt.Status);
        Assert.Equal("failed", attempt.GetTagItem(TaskFunctionsTelemetry.OutcomeTag));
        Assert.Contains(attempt.Events, e => e.Name == "exception");
        Assert.Equal(failedBefore + 1, Sum(TaskFunctionsTelemetry.ExecutionsFailed, "user-space-sync"));
    }

    private long Sum(string instrument, string taskName) =>
        host.Metrics(instrument, taskName, "api").Sum(p => p.GetSumLong());
}
