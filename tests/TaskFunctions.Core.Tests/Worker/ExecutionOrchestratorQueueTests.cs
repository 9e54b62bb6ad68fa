using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>An execution of a task that queues: it joins the queue, waits for its turn, and is timed from it.</summary>
public sealed class ExecutionOrchestratorQueueTests
{
    private static readonly ExecutionRequest Queued = Requests.Execution(taskName: "sync", timeoutMs: 5_000, slotIndex: 1) with { QueueLimit = 1 };

    [Fact]
    public async Task TurnAtOnce_JoinsRunsWithoutATimerAndLeavesAtTheEnd()
    {
        var fake = new FakeOrchestration();
        Task<ExecutionOutcome> run = fake.RunAsync(Queued);

        FakeOrchestration.SentEvent join = Assert.Single(fake.SentEvents);
        Assert.Equal(new FakeOrchestration.SentEvent(InstanceIds.Queue("sync"), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Join, Queued.ExecutionId, 1, Ready: true)), join);
        Assert.Empty(fake.AttemptCalls);
        Assert.Single(fake.TurnWaiters).SetResult(QueueTurn.Now);
        await run;

        Assert.Empty(fake.Timers);
        Assert.Equal(LogMessages.Started(5_000), fake.LastStatus.Logs[0].Message);
        Assert.Contains(new FakeOrchestration.SentEvent(InstanceIds.Queue("sync"), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Leave, Queued.ExecutionId)), fake.SentEvents);
        Assert.Contains(fake.SentEvents, e => e.InstanceId == InstanceIds.Slot("sync", 1) && e.Name == ProtocolNames.ReleaseSlotEvent);
    }

    [Fact]
    public async Task Waiting_SaysWhomItWaitsForThenStartsTimedFromItsTurn()
    {
        var fake = new FakeOrchestration();
        fake.OnTimer = _ => new TaskCompletionSource().Task; // the rejoin timer never fires in this test
        Task<ExecutionOutcome> run = fake.RunAsync(Queued);

        fake.TurnWaiters[0].SetResult(new QueueTurn(false, ["ahead"], 2));
        Assert.Equal(LogMessages.Queued(2), Assert.Single(fake.LastStatus.Logs).Message);
        Assert.Equal(ExecutionStatus.Running, fake.LastStatus.Status);
        Assert.Empty(fake.AttemptCalls);

        DateTime turnAt = Requests.Start.AddSeconds(42);
        fake.Now = turnAt;
        fake.TurnWaiters[^1].SetResult(QueueTurn.Now);
        await run;

        AttemptRequest attempt = Assert.Single(fake.AttemptCalls);
        Assert.Equal(turnAt, attempt.Execution.StartedAt);
        Assert.Equal(Queued.StartedAt, attempt.Execution.QueuedSince);
        Assert.Equal(turnAt.AddMilliseconds(5_000), attempt.Execution.Deadline);
        Assert.Equal([LogMessages.Queued(2), LogMessages.Started(5_000)], attempt.Logs.Select(l => l.Message));
        Assert.True(Assert.Single(fake.Timers).Token.IsCancellationRequested, "the rejoin timer is cancelled once the turn comes");
    }

    [Fact]
    public async Task Waiting_NoTurnWithinTheRejoinInterval_JoinsAgain()
    {
        var fake = new FakeOrchestration();
        var firstTimer = new TaskCompletionSource();
        fake.OnTimer = t => fake.Timers.Count == 1 ? firstTimer.Task : new TaskCompletionSource().Task;
        Task<ExecutionOutcome> run = fake.RunAsync(Queued);
        fake.TurnWaiters[0].SetResult(new QueueTurn(false, ["ahead"], 1));

        Assert.Equal(Requests.Start + ExecutionLimits.QueueRejoinInterval, fake.Timers[0].FireAt);
        firstTimer.SetResult();

        Assert.Equal(2, fake.SentEvents.Count(e => e.Name == ProtocolNames.QueueEvent && ((QueueMessage)e.Payload).Kind == QueueMessageKind.Join));
        Assert.Equal(2, fake.Timers.Count);
        fake.TurnWaiters[^1].SetResult(QueueTurn.Now);
        await run;
        Assert.Single(fake.AttemptCalls);
    }
}
