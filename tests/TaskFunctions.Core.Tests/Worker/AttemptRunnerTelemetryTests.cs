using System.Diagnostics;
using OpenTelemetry.Metrics;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>
/// What an attempt exports to OpenTelemetry, read back in memory: a span for the attempt and one per stage, tagged
/// with the execution, errors as span status and events without params, and the execution's counts, duration,
/// queue wait and the attempts running. Each test uses its own task names: other tests run beside it.
/// </summary>
public sealed class AttemptRunnerTelemetryTests
{
    [Fact]
    public async Task RunAsync_ASucceedingAttempt_ExportsAnAttemptSpanWithOneChildSpanPerStage()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("otel-stages").UseMiddleware<ScriptedBefore>().UseMiddleware<ScriptedAfter>());
        ExecutionRequest execution = host.Execution("otel-stages");

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Activity[] spans = telemetry.Spans(execution.ExecutionId);
        Assert.Equal(
            [TaskFunctionsTelemetry.BeforeSpan, TaskFunctionsTelemetry.HandlerSpan, TaskFunctionsTelemetry.AfterSpan, TaskFunctionsTelemetry.AttemptSpan],
            spans.Select(s => s.OperationName));
        Activity attempt = spans[^1];
        Assert.All(spans, span =>
        {
            Assert.Equal(execution.ExecutionId, span.GetTagItem(TaskFunctionsTelemetry.ExecutionIdTag));
            Assert.Equal("otel-stages", span.GetTagItem(TaskFunctionsTelemetry.TaskNameTag));
            Assert.Equal("manual", span.GetTagItem(TaskFunctionsTelemetry.TriggerTag));
            Assert.Equal(1, span.GetTagItem(TaskFunctionsTelemetry.AttemptTag));
            Assert.Equal("succeeded", span.GetTagItem(TaskFunctionsTelemetry.OutcomeTag));
            Assert.Equal(ActivityStatusCode.Ok, span.Status);
            Assert.Equal(attempt.TraceId, span.TraceId);
        });
        Assert.All(spans[..^1], stage => Assert.Equal(attempt.SpanId, stage.ParentSpanId));
        Assert.Equal(["before", "handler", "after"], spans[..^1].Select(s => s.GetTagItem(TaskFunctionsTelemetry.StageTag)));
    }

    [Fact]
    public async Task RunAsync_AFailingHandler_MarksItsSpanAndTheAttemptsAsErrorsWithTheExceptionButNoParams()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("otel-fails").UseMiddleware<ScriptedError>());
        host.Script.Handler = (_, _) => throw new InvalidOperationException("could not sign in");
        ExecutionRequest execution = host.Execution("otel-fails") with { Params = Requests.Json("""{"password":"hunter2"}""") };

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Activity[] spans = telemetry.Spans(execution.ExecutionId);
        Assert.Equal([TaskFunctionsTelemetry.HandlerSpan, TaskFunctionsTelemetry.ErrorSpan, TaskFunctionsTelemetry.AttemptSpan], spans.Select(s => s.OperationName));
        (Activity handler, Activity error, Activity attempt) = (spans[0], spans[1], spans[2]);

        foreach (Activity failed in new[] { handler, attempt })
        {
            Assert.Equal(ActivityStatusCode.Error, failed.Status);
            Assert.Equal("could not sign in", failed.StatusDescription);
            Assert.Equal("failed", failed.GetTagItem(TaskFunctionsTelemetry.OutcomeTag));
            ActivityEvent exception = Assert.Single(failed.Events);
            Assert.Equal("exception", exception.Name);
            Assert.Equal(typeof(InvalidOperationException).FullName, exception.Tags.Single(t => t.Key == "exception.type").Value);
            Assert.Equal("could not sign in", exception.Tags.Single(t => t.Key == "exception.message").Value);
        }

        // The error middleware ran and returned: its own span succeeded.
        Assert.Equal(ActivityStatusCode.Ok, error.Status);
        Assert.Equal("error", error.GetTagItem(TaskFunctionsTelemetry.StageTag));
        Assert.All(spans, span => Assert.DoesNotContain(
            span.TagObjects.Select(t => $"{t.Value}").Concat(span.Events.SelectMany(e => e.Tags).Select(t => $"{t.Value}")),
            value => value.Contains("hunter2", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_ATimedOutAttempt_IsAnErrorNamingTheTimeout()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("otel-timeout"));
        ExecutionRequest execution = host.Execution("otel-timeout", timeoutMs: 1_000, startedAt: Requests.Start.AddSeconds(-5));

        await host.RunAsync(Requests.Attempt(execution));

        Activity attempt = Assert.Single(telemetry.Spans(execution.ExecutionId));
        Assert.Equal(ActivityStatusCode.Error, attempt.Status);
        Assert.Equal(typeof(TimeoutException).FullName, Assert.Single(attempt.Events).Tags.Single(t => t.Key == "exception.type").Value);
        MetricPoint failed = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsFailed, "otel-timeout"));
        Assert.Equal(1, failed.GetSumLong());
    }

    [Fact]
    public async Task RunAsync_ACompletedAndAFailedExecution_CountEachOnceWithTheirDuration()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b
            .AddTask<ScriptedHandler>("otel-ok")
            .AddTask<FailingHandler>("otel-ko"));

        // The clock stands still: each execution took exactly as long as it has been since its start.
        await host.RunAsync(Requests.Attempt(host.Execution("otel-ok", startedAt: Requests.Start.AddSeconds(-3))));
        await host.RunAsync(Requests.Attempt(host.Execution("otel-ko", startedAt: Requests.Start.AddSeconds(-7))));

        MetricPoint completed = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsCompleted, "otel-ok"));
        Assert.Equal(1, completed.GetSumLong());
        Assert.Equal("manual", CollectedTelemetry.Tag(completed, TaskFunctionsTelemetry.TriggerTag));
        Assert.Empty(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsFailed, "otel-ok"));
        MetricPoint failed = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsFailed, "otel-ko"));
        Assert.Equal(1, failed.GetSumLong());
        Assert.Empty(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsCompleted, "otel-ko"));

        MetricPoint okDuration = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionDuration, "otel-ok"));
        Assert.Equal(1, okDuration.GetHistogramCount());
        Assert.Equal(3, okDuration.GetHistogramSum(), precision: 6);
        Assert.Equal("completed", CollectedTelemetry.Tag(okDuration, TaskFunctionsTelemetry.StatusTag));
        MetricPoint koDuration = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionDuration, "otel-ko"));
        Assert.Equal(7, koDuration.GetHistogramSum(), precision: 6);
        Assert.Equal("failed", CollectedTelemetry.Tag(koDuration, TaskFunctionsTelemetry.StatusTag));

        // Metrics never carry an execution id.
        Assert.Null(CollectedTelemetry.Tag(okDuration, TaskFunctionsTelemetry.ExecutionIdTag));
        Assert.Null(CollectedTelemetry.Tag(completed, TaskFunctionsTelemetry.ExecutionIdTag));
    }

    [Fact]
    public async Task RunAsync_AnAttemptThatIsRetried_CountsNoOutcomeAndItsSpanSaysRetry()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b.AddTask<FailingHandler>("otel-retry", o => o.Retry = new TaskRetryPolicy(2, TimeSpan.FromMilliseconds(10))));
        ExecutionRequest execution = host.Execution("otel-retry");

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Retry, result.Outcome);
        Activity attempt = telemetry.Spans(execution.ExecutionId).Single(s => s.OperationName == TaskFunctionsTelemetry.AttemptSpan);
        Assert.Equal("retry", attempt.GetTagItem(TaskFunctionsTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Error, attempt.Status);
        Assert.Empty(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsFailed, "otel-retry"));
        Assert.Empty(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionDuration, "otel-retry"));
    }

    [Fact]
    public async Task RunAsync_AQueuedExecutionsFirstAttempt_RecordsHowLongItWaited()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("otel-queued"));
        ExecutionRequest execution = host.Execution("otel-queued") with { QueuedSince = Requests.Start.AddSeconds(-12) };

        await host.RunAsync(Requests.Attempt(execution));
        await host.RunAsync(Requests.Attempt(host.Execution("otel-queued")));

        MetricPoint wait = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.QueueWait, "otel-queued"));
        Assert.Equal(1, wait.GetHistogramCount());
        Assert.Equal(12, wait.GetHistogramSum(), precision: 6);
    }

    [Fact]
    public async Task RunAsync_WhileAnAttemptRuns_ItCountsAsActiveOnThisHost()
    {
        using var telemetry = new CollectedTelemetry();
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("otel-active"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Script.Handler = (_, _) => release.Task;

        Task<AttemptResult> running = host.RunAsync(Requests.Attempt(host.Execution("otel-active")));
        await host.Script.HandlerStarted.Task.WaitAsync(RunnerHost.Patience);
        long during = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsActive, "otel-active")).GetSumLong();
        release.SetResult();
        await running;
        long after = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsActive, "otel-active")).GetSumLong();

        Assert.Equal(1, during);
        Assert.Equal(0, after);
    }

    private sealed class FailingHandler : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("boom");
    }
}
