using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Client;

public sealed class ExecutionStarterTests
{
    private static readonly TaskRetryPolicy Retry = new(maxAttempts: 3, firstDelay: TimeSpan.FromSeconds(1), backoffCoefficient: 2);

    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly InstanceStore _store;
    private readonly TaskDefinition _plain = new("plain", typeof(object), new TaskDefinitionOptions { Timeout = TimeSpan.FromMilliseconds(5_000) });
    private readonly TaskDefinition _limited = new("limited", typeof(object), new TaskDefinitionOptions { Timeout = TimeSpan.FromMilliseconds(10_000), Retry = Retry, ConcurrencyLimit = 2 });

    public ExecutionStarterTests()
    {
        _store = new InstanceStore(_durable);
    }

    [Fact]
    public async Task StartAsync_SchedulesTheOrchestratorWithTheExecutionIdAsInstanceId()
    {
        var pipeline = new MiddlewarePipeline([new MiddlewareRegistration(typeof(BeforeMiddleware), ["plain"])]);
        var starter = new ExecutionStarter(_durable.Object, pipeline, new TestClock(Requests.Start), new TaskExecutionClientOptions());

        StartResult result = await starter.StartAsync(_plain, new StartRequest(TriggerKind.Api, Requests.Json("""{"x":1}""")), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        Assert.Empty(result.RunningExecutionIds);
        ExecutionAccepted accepted = result.Execution!;
        Assert.Equal(new ExecutionAccepted(accepted.ExecutionId, "plain", TriggerKind.Api, ExecutionStatus.Running, Requests.Start), accepted);
        Assert.StartsWith(ExecutionIds.TaskPrefix("plain"), accepted.ExecutionId, StringComparison.Ordinal);

        InstanceStore.Start start = Assert.Single(_store.Created);
        Assert.Equal(ProtocolNames.ExecutionOrchestrator, start.Name);
        Assert.Equal(accepted.ExecutionId, start.InstanceId);
        var input = Assert.IsType<ExecutionRequest>(start.Input);
        Assert.Equal(accepted.ExecutionId, input.ExecutionId);
        Assert.Equal("plain", input.TaskName);
        Assert.Equal(TriggerKind.Api, input.Trigger);
        Assert.Equal(Requests.Start, input.StartedAt);
        Assert.Equal(new ExecutionPlan(true, false, false), input.Plan);
        Assert.Equal(5_000, input.TimeoutMs);
        Assert.Equal(1, input.Params!.Value.GetProperty("x").GetInt32());
        Assert.Null(input.Retry);
        Assert.Null(input.SlotIndex);

        // A new execution id is unique: it is scheduled as the raw engine schedules any instance, without the
        // read that a refusal of existing ids costs.
        Assert.Null(start.Options.DedupeStatuses);
    }

    [Fact]
    public async Task StartAsync_ParamsThatDoNotFitTheTasksType_IsInvalidBeforeAnyInstanceIsReadOrWritten()
    {
        var strict = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        var starter = new ExecutionStarter(strict.Object, new MiddlewarePipeline([]), new TestClock(Requests.Start), new TaskExecutionClientOptions());
        var typed = new TaskDefinition("typed", typeof(object), new TaskDefinitionOptions { ParamsType = typeof(SimulatedSyncParams), ConcurrencyLimit = 1 });

        StartResult result = await starter.StartAsync(typed, new StartRequest(TriggerKind.Api, Requests.Json("""{"steps":"many"}"""), idempotencyKey: "k"), CancellationToken.None);

        Assert.Equal(StartOutcome.Invalid, result.Outcome);
        Assert.Null(result.Execution);
        Assert.StartsWith("'params.steps' does not fit the params of the task 'typed'", result.Problem, StringComparison.Ordinal);
        strict.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task StartAsync_WithoutParamsOrTimeout_SchedulesNoParamsAndTheTasksTimeout()
    {
        await Starter().StartAsync(_plain, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        var input = Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created).Input);
        Assert.Null(input.Params);
        Assert.Equal(5_000, input.TimeoutMs);
        Assert.Equal(TriggerKind.Manual, input.Trigger);
    }

    [Fact]
    public async Task StartAsync_EachStart_IsANewExecutionId()
    {
        StartResult first = await Starter().StartAsync(_plain, new StartRequest(TriggerKind.Manual), CancellationToken.None);
        StartResult second = await Starter().StartAsync(_plain, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        Assert.NotEqual(first.Execution!.ExecutionId, second.Execution!.ExecutionId);
        Assert.Equal([first.Execution.ExecutionId, second.Execution.ExecutionId], _store.Created.Select(s => s.InstanceId));
    }

    [Fact]
    public async Task StartAsync_CarriesTheTasksRetryPolicy()
    {
        var task = new TaskDefinition("retried", typeof(object), new TaskDefinitionOptions { Retry = Retry });

        await Starter().StartAsync(task, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        Assert.Equal(new RetrySchedule(3, 1_000, 2, 60_000), Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created).Input).Retry);
    }

    [Fact]
    public async Task StartAsync_ATimeoutShortensTheTasks()
    {
        await Starter().StartAsync(_plain, new StartRequest(TriggerKind.Manual, timeout: TimeSpan.FromMilliseconds(1_200)), CancellationToken.None);

        Assert.Equal(1_200, Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created).Input).TimeoutMs);
    }

    [Fact]
    public async Task StartAsync_ATimeoutLongerThanTheTasks_IsRefusedAndStartsNothing()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Starter().StartAsync(_plain, new StartRequest(TriggerKind.Manual, timeout: TimeSpan.FromMilliseconds(5_001)), CancellationToken.None));

        Assert.Empty(_store.Created);
    }

    [Fact]
    public async Task ConcurrencyLimit_TakesSlotZeroWhenTheLeaseReadBackNamesTheExecution()
    {
        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual, timeout: TimeSpan.FromMilliseconds(4_000)), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        string executionId = result.Execution!.ExecutionId;
        Assert.Equal(2, _store.Created.Count);

        InstanceStore.Start slot = _store.Created[0];
        Assert.Equal(ProtocolNames.SlotOrchestrator, slot.Name);
        Assert.Equal(InstanceIds.Slot("limited", 0), slot.InstanceId);
        var lease = Assert.IsType<SlotLease>(slot.Input);
        Assert.Equal(executionId, lease.ExecutionId);
        Assert.Equal("limited", lease.TaskName);
        Assert.Equal(0, lease.Index);

        // A finished slot may be taken again; only an active one is refused.
        Assert.Equal(
            ExecutionStatuses.Active.Select(s => s.ToString()).Order(StringComparer.Ordinal),
            slot.Options.DedupeStatuses!.Order(StringComparer.Ordinal));

        InstanceStore.Start execution = _store.Created[1];
        Assert.Equal(ProtocolNames.ExecutionOrchestrator, execution.Name);
        Assert.Equal(executionId, execution.InstanceId);
        Assert.Equal(0, Assert.IsType<ExecutionRequest>(execution.Input).SlotIndex);
    }

    [Fact]
    public async Task ConcurrencyLimit_SlotZeroHeld_TakesSlotOne()
    {
        AddSlot("limited", 0, "held-by-another");

        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        Assert.Equal(InstanceIds.Slot("limited", 0), Assert.Single(_store.Refused).InstanceId);
        InstanceStore.Start execution = Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
        Assert.Equal(1, Assert.IsType<ExecutionRequest>(execution.Input).SlotIndex);
    }

    [Fact]
    public async Task ConcurrencyLimit_FinishedSlot_IsTakenAgain()
    {
        AddSlot("limited", 0, "finished-earlier", OrchestrationRuntimeStatus.Completed);

        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        InstanceStore.Start execution = Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
        Assert.Equal(result.Execution!.ExecutionId, execution.InstanceId);
        Assert.Equal(0, Assert.IsType<ExecutionRequest>(execution.Input).SlotIndex);
    }

    [Fact]
    public async Task ConcurrencyLimit_EverySlotHeld_IsAConflictWithTheHoldersAndStartsNothing()
    {
        AddSlot("limited", 0, "holder-a");
        AddSlot("limited", 1, "holder-b");

        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        Assert.Equal(StartOutcome.Conflict, result.Outcome);
        Assert.Null(result.Execution);
        Assert.Equal(["holder-a", "holder-b"], result.RunningExecutionIds);
        Assert.Empty(_store.Created);
        _durable.Verify(
            c => c.ScheduleNewOrchestrationInstanceAsync(ProtocolNames.ExecutionOrchestrator, It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task ConcurrencyLimit_SlotHeldByAFinishedExecution_IsReleasedInItsNameAndTaken()
    {
        var single = new TaskDefinition("single", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1 });
        AddSlot("single", 0, "finished");
        _store.Add(ProtocolNames.ExecutionOrchestrator, "finished", null, OrchestrationRuntimeStatus.Completed);
        string slotId = InstanceIds.Slot("single", 0);
        _durable
            .Setup(c => c.RaiseEventAsync(slotId, ProtocolNames.ReleaseSlotEvent, "finished", It.IsAny<CancellationToken>()))
            .Callback(() => _store.Add(ProtocolNames.SlotOrchestrator, slotId, new SlotLease("finished", "single", 0), OrchestrationRuntimeStatus.Completed))
            .Returns(Task.CompletedTask);

        StartResult result = await Starter().StartAsync(single, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        InstanceStore.Start execution = Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
        Assert.Equal(0, Assert.IsType<ExecutionRequest>(execution.Input).SlotIndex);
        _durable.Verify(c => c.RaiseEventAsync(slotId, ProtocolNames.ReleaseSlotEvent, "finished", It.IsAny<CancellationToken>()), Times.Once);
        _durable.Verify(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ConcurrencyLimit_SlotHeldByARunningExecution_IsLeftAlone()
    {
        var single = new TaskDefinition("single", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1 });
        AddSlot("single", 0, "running");
        _store.Add(ProtocolNames.ExecutionOrchestrator, "running", null, OrchestrationRuntimeStatus.Running);

        StartResult result = await Starter().StartAsync(single, new StartRequest(TriggerKind.Api), CancellationToken.None);

        Assert.Equal(StartOutcome.Conflict, result.Outcome);
        Assert.Equal(["running"], result.RunningExecutionIds);
        _durable.Verify(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ConcurrencyLimit_TrustsTheLeaseReadBackNotTheCreateCall()
    {
        // Some providers accept a concurrent create of a running id without an error: the lease read back decides.
        _durable
            .Setup(c => c.GetInstanceAsync(It.Is<string>(id => id.StartsWith(InstanceIds.SlotPrefix, StringComparison.Ordinal)), true, It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, _, _) => Task.FromResult<OrchestrationMetadata?>(InstanceStore.Instance(
                ProtocolNames.SlotOrchestrator,
                id,
                new SlotLease("winner-" + id[^1], "limited", id[^1] - '0'),
                OrchestrationRuntimeStatus.Running)));

        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual), CancellationToken.None);

        Assert.Equal(StartOutcome.Conflict, result.Outcome);
        Assert.Equal(["winner-0", "winner-1"], result.RunningExecutionIds);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task IdempotencyKey_FirstStart_ClaimsTheKeyWithItsExecutionAndSchedulesIt()
    {
        StartResult result = await Starter().StartAsync(_plain, new StartRequest(TriggerKind.Api, idempotencyKey: "order-42"), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, result.Outcome);
        Assert.Equal(2, _store.Created.Count);
        InstanceStore.Start claim = _store.Created[0];
        Assert.Equal(ProtocolNames.KeyClaimOrchestrator, claim.Name);
        Assert.Equal(InstanceIds.KeyClaim("plain", "order-42"), claim.InstanceId);
        Assert.Equal(result.Execution!.ExecutionId, Assert.IsType<ExecutionRequest>(claim.Input).ExecutionId);
        Assert.Equal(ProtocolNames.ExecutionOrchestrator, _store.Created[1].Name);
        Assert.Equal(result.Execution.ExecutionId, _store.Created[1].InstanceId);
    }

    [Fact]
    public async Task IdempotencyKey_ClaimedByAnExistingExecution_ReturnsItAndStartsNothing()
    {
        ExecutionRequest first = Requests.Execution("plain", startedAt: Requests.Start.AddMinutes(-5));
        _store.Add(ProtocolNames.KeyClaimOrchestrator, InstanceIds.KeyClaim("plain", "order-42"), first, OrchestrationRuntimeStatus.Completed);
        _store.Add(
            ProtocolNames.ExecutionOrchestrator,
            first.ExecutionId,
            first,
            OrchestrationRuntimeStatus.Completed,
            new ExecutionSnapshot(ExecutionStatus.Completed, Requests.Start, [], 0, 0));

        StartResult result = await Starter().StartAsync(_plain, new StartRequest(TriggerKind.Api, idempotencyKey: "order-42"), CancellationToken.None);

        Assert.Equal(StartOutcome.Existing, result.Outcome);
        Assert.Equal(
            new ExecutionAccepted(first.ExecutionId, "plain", TriggerKind.Manual, ExecutionStatus.Completed, first.StartedAt),
            result.Execution);
        Assert.Empty(_store.Created);
        Assert.Empty(_store.Refused);
    }

    [Fact]
    public async Task IdempotencyKey_ClaimedButNeverStarted_SchedulesTheClaimedExecutionFromNow()
    {
        ExecutionRequest claimed = Requests.Execution("plain", parameters: Requests.Json("""{"from":"first"}"""), timeoutMs: 2_000, startedAt: Requests.Start.AddMinutes(-3));
        _store.Add(ProtocolNames.KeyClaimOrchestrator, InstanceIds.KeyClaim("plain", "order-42"), claimed, OrchestrationRuntimeStatus.Completed);

        StartResult result = await Starter().StartAsync(
            _plain,
            new StartRequest(TriggerKind.Api, Requests.Json("""{"from":"second"}"""), idempotencyKey: "order-42"),
            CancellationToken.None);

        Assert.Equal(StartOutcome.Existing, result.Outcome);
        Assert.Equal(claimed.ExecutionId, result.Execution!.ExecutionId);
        InstanceStore.Start start = Assert.Single(_store.Created);
        Assert.Equal(ProtocolNames.ExecutionOrchestrator, start.Name);
        Assert.Equal(claimed.ExecutionId, start.InstanceId);
        var input = Assert.IsType<ExecutionRequest>(start.Input);
        Assert.Equal("first", input.Params!.Value.GetProperty("from").GetString());
        Assert.Equal(2_000, input.TimeoutMs);

        // Its timeout counts from this start, not from the claim's: it would otherwise fail at once.
        Assert.Equal(Requests.Start, input.StartedAt);
        Assert.Equal(Requests.Start, result.Execution.StartedAt);
    }

    [Fact]
    public async Task IdempotencyKey_RefusedAtTheLimit_LeavesNoClaimSoARepeatStartsAfresh()
    {
        AddSlot("limited", 0, "holder-a");
        AddSlot("limited", 1, "holder-b");

        StartResult refused = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual, idempotencyKey: "k"), CancellationToken.None);

        Assert.Equal(StartOutcome.Conflict, refused.Outcome);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.KeyClaimOrchestrator);

        // The holders end; the same request repeated later is a new execution, timed from its own start.
        AddSlot("limited", 0, "holder-a", OrchestrationRuntimeStatus.Completed);
        AddSlot("limited", 1, "holder-b", OrchestrationRuntimeStatus.Completed);
        StartResult repeated = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual, idempotencyKey: "k"), CancellationToken.None);

        Assert.Equal(StartOutcome.Accepted, repeated.Outcome);
        Assert.Equal(Requests.Start, repeated.Execution!.StartedAt);
        var claim = Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created, s => s.Name == ProtocolNames.KeyClaimOrchestrator).Input);
        Assert.Equal(repeated.Execution.ExecutionId, claim.ExecutionId);
        Assert.NotNull(claim.SlotIndex);
    }

    [Fact]
    public async Task IdempotencyKey_AtTheLimitWhileTheFirstStartHoldsTheSlot_AnswersWithTheFirstsExecution()
    {
        // The first start with the key took the slot and wrote its claim after this start read no claim.
        ExecutionRequest first = Requests.Execution("limited", slotIndex: 0);
        AddSlot("limited", 0, first.ExecutionId);
        AddSlot("limited", 1, "holder-b");
        int claimReads = 0;
        _durable
            .Setup(c => c.GetInstanceAsync(InstanceIds.KeyClaim("limited", "k"), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => ++claimReads == 1 ? null : InstanceStore.Instance(ProtocolNames.KeyClaimOrchestrator, InstanceIds.KeyClaim("limited", "k"), first, OrchestrationRuntimeStatus.Completed));
        _store.Add(ProtocolNames.ExecutionOrchestrator, first.ExecutionId, first);

        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual, idempotencyKey: "k"), CancellationToken.None);

        Assert.Equal(StartOutcome.Existing, result.Outcome);
        Assert.Equal(first.ExecutionId, result.Execution!.ExecutionId);
        Assert.Empty(_store.Created);
    }

    [Fact]
    public async Task IdempotencyKey_LosingTheClaimToAConcurrentRepeat_GivesTheSlotBackAndAnswersWithTheWinner()
    {
        ExecutionRequest winner = Requests.Execution("limited", slotIndex: 1);
        _store.Add(ProtocolNames.ExecutionOrchestrator, winner.ExecutionId, winner);
        int claimReads = 0;
        _durable
            .Setup(c => c.GetInstanceAsync(InstanceIds.KeyClaim("limited", "k"), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => ++claimReads == 1 ? null : InstanceStore.Instance(ProtocolNames.KeyClaimOrchestrator, InstanceIds.KeyClaim("limited", "k"), winner, OrchestrationRuntimeStatus.Completed));

        StartResult result = await Starter().StartAsync(_limited, new StartRequest(TriggerKind.Manual, idempotencyKey: "k"), CancellationToken.None);

        Assert.Equal(StartOutcome.Existing, result.Outcome);
        Assert.Equal(winner.ExecutionId, result.Execution!.ExecutionId);
        InstanceStore.Start slot = Assert.Single(_store.Created, s => s.Name == ProtocolNames.SlotOrchestrator);
        string loser = Assert.IsType<SlotLease>(slot.Input).ExecutionId;
        _durable.Verify(c => c.RaiseEventAsync(slot.InstanceId, ProtocolNames.ReleaseSlotEvent, loser, It.IsAny<CancellationToken>()), Times.Once);
        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    [Fact]
    public async Task IdempotencyKey_ClaimThatCannotBeReadBack_Throws()
    {
        _durable
            .Setup(c => c.GetInstanceAsync(InstanceIds.KeyClaim("plain", "k"), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Starter().StartAsync(_plain, new StartRequest(TriggerKind.Manual, idempotencyKey: "k"), CancellationToken.None));

        Assert.DoesNotContain(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
    }

    private ExecutionStarter Starter() => new(_durable.Object, new MiddlewarePipeline([]), new TestClock(Requests.Start), new TaskExecutionClientOptions());

    private void AddSlot(string taskName, int index, string executionId, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running) =>
        _store.Add(
            ProtocolNames.SlotOrchestrator,
            InstanceIds.Slot(taskName, index),
            new SlotLease(executionId, taskName, index),
            status);

    private sealed class BeforeMiddleware : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
