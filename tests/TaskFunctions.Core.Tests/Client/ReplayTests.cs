using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>
/// A replay through the facade, over a mocked task hub: the new execution's request carries the original's task,
/// params and shorter timeout, trigger replay and the original's id, as does its key claim.
/// </summary>
public sealed class ReplayTests
{
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly InstanceStore _store;
    private readonly TaskDefinition _plain = new("plain", typeof(object), new TaskDefinitionOptions { Timeout = TimeSpan.FromMilliseconds(5_000) });
    private readonly TaskDefinition _single = new("single", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1 });
    private readonly TaskDefinition _typed = new("typed", typeof(object), new TaskDefinitionOptions { ParamsType = typeof(SimulatedSyncParams) });
    private readonly TaskExecutionClient _executions;

    public ReplayTests()
    {
        _store = new InstanceStore(_durable);
        _executions = new DefaultTaskExecutionClient(
            _durable.Object,
            new TaskCatalog([_plain, _single, _typed]),
            new MiddlewarePipeline([]),
            new TestClock(Requests.Start.AddHours(1)),
            new LocalCancellation(),
            new ExecutionFeeds(TimeSpan.FromSeconds(1), TimeProvider.System),
            new TaskExecutionClientOptions(),
            new RetentionOptions());
    }

    [Fact]
    public async Task ReplayAsync_AFinishedExecution_StartsItsTaskWithItsParamsAndShorterTimeoutNamingIt()
    {
        ExecutionRequest original = Original(_plain, timeoutMs: 1_500);

        ReplayResult? result = await _executions.ReplayAsync(original.ExecutionId);

        Assert.NotNull(result);
        Assert.Equal("plain", result.TaskName);
        Assert.Equal(StartOutcome.Accepted, result.Start.Outcome);
        Assert.Equal(TriggerKind.Replay, result.Start.Execution!.Trigger);
        ExecutionRequest replay = Created(ProtocolNames.ExecutionOrchestrator);
        Assert.Equal(result.Start.Execution.ExecutionId, replay.ExecutionId);
        Assert.NotEqual(original.ExecutionId, replay.ExecutionId);
        Assert.Equal("plain", replay.TaskName);
        Assert.Equal(TriggerKind.Replay, replay.Trigger);
        Assert.Equal("""{"steps":2}""", replay.Params!.Value.GetRawText());
        Assert.Equal(1_500, replay.TimeoutMs);
        Assert.Equal(Requests.Start.AddHours(1), replay.StartedAt);
        Assert.Equal(original.ExecutionId, replay.ReplayOf);
    }

    [Fact]
    public async Task ReplayAsync_AnExecutionWithTheTasksOwnTimeout_TakesTheTasksTimeoutAsItIsNow()
    {
        ExecutionRequest original = Original(_plain, timeoutMs: 30_000); // the task's timeout was shortened since

        await _executions.ReplayAsync(original.ExecutionId);

        Assert.Equal(5_000, Created(ProtocolNames.ExecutionOrchestrator).TimeoutMs);
    }

    [Fact]
    public async Task ReplayAsync_WithAKey_ClaimsTheKeyForTheReplayNamingTheOriginal_AndARepeatAnswersThatExecution()
    {
        ExecutionRequest original = Original(_plain);

        ReplayResult? first = await _executions.ReplayAsync(original.ExecutionId, "key-1");
        ReplayResult? repeat = await _executions.ReplayAsync(original.ExecutionId, "key-1");

        ExecutionRequest claim = Created(ProtocolNames.KeyClaimOrchestrator);
        Assert.Equal(first!.Start.Execution!.ExecutionId, claim.ExecutionId);
        Assert.Equal(original.ExecutionId, claim.ReplayOf);
        Assert.Equal(StartOutcome.Existing, repeat!.Start.Outcome);
        Assert.Equal(first.Start.Execution.ExecutionId, repeat.Start.Execution!.ExecutionId);
        Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task ReplayAsync_AKeyAStartUsedFirst_AnswersThatStartsExecutionAndDoesNotMarkIt()
    {
        ExecutionRequest original = Original(_plain);
        StartResult manual = await _executions.StartAsync("plain", new StartRequest(TriggerKind.Manual, idempotencyKey: "shared"));

        ReplayResult? replay = await _executions.ReplayAsync(original.ExecutionId, "shared");

        Assert.Equal(StartOutcome.Existing, replay!.Start.Outcome);
        Assert.Equal(manual.Execution!.ExecutionId, replay.Start.Execution!.ExecutionId);
        Assert.Null(Created(ProtocolNames.ExecutionOrchestrator).ReplayOf);
    }

    [Fact]
    public async Task ReplayAsync_AtTheConcurrencyLimit_IsAConflictNamingTheHolder()
    {
        ExecutionRequest original = Original(_single);
        StartResult holder = await _executions.StartAsync("single", new StartRequest(TriggerKind.Api));

        ReplayResult? replay = await _executions.ReplayAsync(original.ExecutionId);

        Assert.Equal("single", replay!.TaskName);
        Assert.Equal(StartOutcome.Conflict, replay.Start.Outcome);
        Assert.Equal([holder.Execution!.ExecutionId], replay.Start.RunningExecutionIds);
    }

    [Fact]
    public async Task ReplayAsync_ParamsTheTasksTypeNoLongerTakes_IsInvalidNamingTheFieldAndStartsNothing()
    {
        // The execution ran before the task declared its params type (steps from 1 to 1000).
        ExecutionRequest original = Requests.Execution("typed", parameters: Requests.Json("""{"steps":0}"""));
        _store.Add(ProtocolNames.ExecutionOrchestrator, original.ExecutionId, original, OrchestrationRuntimeStatus.Completed);

        ReplayResult? replay = await _executions.ReplayAsync(original.ExecutionId);

        Assert.Equal(StartOutcome.Invalid, replay!.Start.Outcome);
        Assert.Null(replay.Start.Execution);
        Assert.StartsWith("'params.steps' does not fit the params of the task 'typed'", replay.Start.Problem, StringComparison.Ordinal);
        Assert.Empty(_store.Created);
    }

    [Fact]
    public async Task ReplayAsync_AnUnknownIdOrAHelperInstance_IsNullAndStartsNothing()
    {
        _store.Add(ProtocolNames.SlotOrchestrator, "550e8400-e29b-41d4-a716-446655440000", new SlotLease("x", "plain", 0));

        Assert.Null(await _executions.ReplayAsync("6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
        Assert.Null(await _executions.ReplayAsync("550e8400-e29b-41d4-a716-446655440000"));
        Assert.Empty(_store.Created);
    }

    [Fact]
    public async Task ReplayAsync_AnExecutionOfATaskNoLongerInTheCatalog_IsRefusedNamingTheTask()
    {
        ExecutionRequest original = Requests.Execution("retired");
        _store.Add(ProtocolNames.ExecutionOrchestrator, original.ExecutionId, original, OrchestrationRuntimeStatus.Completed);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => _executions.ReplayAsync(original.ExecutionId));

        Assert.Contains("'retired'", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_store.Created);
    }

    [Fact]
    public async Task StartAsync_AStartThatNamesNoOriginal_IsNotMarked()
    {
        await _executions.StartAsync("plain", new StartRequest(TriggerKind.Replay));

        Assert.Null(Created(ProtocolNames.ExecutionOrchestrator).ReplayOf);
    }

    private ExecutionRequest Original(TaskDefinition task, int timeoutMs = 30_000)
    {
        ExecutionRequest original = Requests.Execution(task.Name, timeoutMs: timeoutMs, parameters: Requests.Json("""{"steps":2}"""));
        _store.Add(ProtocolNames.ExecutionOrchestrator, original.ExecutionId, original, OrchestrationRuntimeStatus.Completed);
        return original;
    }

    private ExecutionRequest Created(string orchestrator) =>
        Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created, s => s.Name == orchestrator).Input);
}
