using Microsoft.DurableTask.Client;
using Moq;
using OpenTelemetry.Metrics;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// The client side's counts: an accepted start that creates an execution counts as started (a repeated key does not),
/// and each execution a cancel terminates counts as cancelled under its task.
/// </summary>
public sealed class ClientTelemetryTests
{
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly InstanceStore _store;

    public ClientTelemetryTests()
    {
        _store = new InstanceStore(_durable);
    }

    [Fact]
    public async Task StartAsync_AnAcceptedStart_CountsOneStartedExecutionWithItsTaskAndTrigger()
    {
        using var telemetry = new CollectedTelemetry();
        TaskDefinition task = Task("otel-started");

        StartResult result = await Starter().StartAsync(task, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        MetricPoint started = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsStarted, "otel-started"));
        Assert.Equal(1, started.GetSumLong());
        Assert.Equal("api", CollectedTelemetry.Tag(started, TaskFunctionsTelemetry.TriggerTag));
        Assert.Null(CollectedTelemetry.Tag(started, TaskFunctionsTelemetry.ExecutionIdTag));
    }

    [Fact]
    public async Task StartAsync_ARepeatedIdempotencyKey_CountsNoStart()
    {
        using var telemetry = new CollectedTelemetry();
        TaskDefinition task = Task("otel-repeated");
        ExecutionRequest first = Requests.Execution("otel-repeated");
        _store.Add(ProtocolNames.KeyClaimOrchestrator, InstanceIds.KeyClaim("otel-repeated", "k"), first, OrchestrationRuntimeStatus.Completed);
        _store.Add(ProtocolNames.ExecutionOrchestrator, first.ExecutionId, first);

        StartResult result = await Starter().StartAsync(task, new StartRequest(TriggerKind.Api, idempotencyKey: "k"), CancellationToken.None);

        Assert.Equal(StartOutcome.Existing, result.Outcome);
        Assert.Empty(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsStarted, "otel-repeated"));
    }

    [Fact]
    public async Task CancelByIdsAsync_RunningAndFinishedExecutions_CountsOnlyTheCancelledOnesUnderTheirTask()
    {
        using var telemetry = new CollectedTelemetry();
        ExecutionRequest running = Requests.Execution("otel-cancel");
        ExecutionRequest alsoRunning = Requests.Execution("otel-cancel");
        ExecutionRequest done = Requests.Execution("otel-cancel");
        _store.Add(ProtocolNames.ExecutionOrchestrator, running.ExecutionId, running);
        _store.Add(ProtocolNames.ExecutionOrchestrator, alsoRunning.ExecutionId, alsoRunning);
        _store.Add(ProtocolNames.ExecutionOrchestrator, done.ExecutionId, done, OrchestrationRuntimeStatus.Completed);
        _durable
            .Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<string, TerminateInstanceOptions?, CancellationToken>((id, _, _) => _store.Add(ProtocolNames.ExecutionOrchestrator, id, running, OrchestrationRuntimeStatus.Terminated))
            .Returns(System.Threading.Tasks.Task.CompletedTask);
        var canceller = new ExecutionCanceller(_durable.Object, new TaskCatalog([Task("otel-cancel")]), new LocalCancellation(), new TaskExecutionClientOptions());

        CancelByIdsResult result = await canceller.CancelByIdsAsync([running.ExecutionId, done.ExecutionId, alsoRunning.ExecutionId], CancellationToken.None);

        Assert.Equal(2, result.Cancelled.Count);
        MetricPoint cancelled = Assert.Single(telemetry.Metrics(TaskFunctionsTelemetry.ExecutionsCancelled, "otel-cancel"));
        Assert.Equal(2, cancelled.GetSumLong());
    }

    private static TaskDefinition Task(string name) => new(name, typeof(object), new TaskDefinitionOptions());

    private ExecutionStarter Starter() => new(_durable.Object, new MiddlewarePipeline([]), new TestClock(Requests.Start), new TaskExecutionClientOptions());
}
