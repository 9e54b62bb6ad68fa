using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.Telemetry;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// <c>Telemetry:Exporter otlp</c> for real: the local host sends an execution's spans, the counts and the execution's
/// entries (with their scope) to an OTLP endpoint.
/// </summary>
public sealed class OtlpExportTests(OtlpHostFixture host) : IClassFixture<OtlpHostFixture>
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnExecution_ReachesTheCollectorAsSpansMetricsAndLogs()
    {
        string executionId = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 10 });
        JsonNode finished = await host.Http.WaitUntilFinishedAsync(executionId);
        Assert.Equal("completed", ApiClient.Status(finished));

        await Eventually.UntilAsync(
            () => Task.FromResult(host.Receiver.Received("traces", TaskFunctionsTelemetry.AttemptSpan, TaskFunctionsTelemetry.ExecutionIdTag, executionId)),
            received => received,
            ExportWait,
            "no OTLP trace export held the execution's attempt span");
        await Eventually.UntilAsync(
            () => Task.FromResult(host.Receiver.Received("metrics", TaskFunctionsTelemetry.ExecutionsStarted, TaskFunctionsTelemetry.ExecutionsCompleted, TestTasks.Probe)),
            received => received,
            ExportWait,
            "no OTLP metric export held the started and completed counts");
        await Eventually.UntilAsync(
            () => Task.FromResult(host.Receiver.Received("logs", TaskFunctionsTelemetry.ExecutionLogCategory, "probe started", "TaskName", "Attempt", executionId)),
            received => received,
            ExportWait,
            "no OTLP log export held the execution's entry with its scope");
    }
}
