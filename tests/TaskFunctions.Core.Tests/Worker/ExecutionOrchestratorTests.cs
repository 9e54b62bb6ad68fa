using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;
using DurableTaskOptions = Microsoft.DurableTask.TaskOptions;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>The stage flow of one execution: attempts, retries, outcome, slot.</summary>
public sealed class ExecutionOrchestratorTests
{
    private static readonly RetrySchedule Retry = new(MaxAttempts: 3, FirstDelayMs: 500, BackoffCoefficient: 2, MaxDelayMs: 60_000);

    [Fact]
    public async Task Success_PublishesTheStartEntryThenRunsOneAttemptAndEndsCompleted()
    {
        var fake = new FakeOrchestration();
        fake.OnAttempt = _ => Task.FromResult(Requests.Succeeded("h1", "h2"));
        ExecutionRequest request = Requests.Execution(plan: new ExecutionPlan(true, true, true), timeoutMs: 1234);

        ExecutionOutcome outcome = await fake.RunAsync(request);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(4, outcome.LogCount);
        Assert.Equal(["status:Running", "attempt:1"], fake.Events.Where(e => !e.StartsWith("wait:", StringComparison.Ordinal)).Take(2));
        Assert.Equal(LogMessages.Started(1234), Assert.Single(fake.Statuses[0].Logs).Message);

        // Middleware runs inside the attempt: one activity, whatever the plan.
        Assert.Equal([ProtocolNames.AttemptActivity], fake.ActivityNames);
        AttemptRequest attempt = Assert.Single(fake.AttemptCalls);
        Assert.Same(request, attempt.Execution);
        Assert.Equal(1, attempt.Attempt);
        Assert.Equal([LogMessages.Started(1234)], attempt.Logs.Select(l => l.Message));
        Assert.Empty(attempt.Items);

        ExecutionSnapshot last = fake.LastStatus;
        Assert.Equal(ExecutionStatus.Completed, last.Status);
        Assert.Equal(outcome.FinishedAt, last.FinishedAt);
        Assert.Equal([LogMessages.Started(1234), "h1", "h2", LogMessages.Succeeded], last.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Success_CreatesNoTimerAndWaitsForNoLateEntries()
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution());

        // The deadline is the attempt's to keep: no durable timer on the common path.
        Assert.Empty(fake.Timers);
        Assert.Empty(fake.LateWaiters);
        Assert.Single(fake.Waiters);
        Assert.Equal(0, fake.OverlappingWaiters);
    }

    [Fact]
    public async Task FinishedAt_IsNeverBeforeTheLastEntry()
    {
        var fake = new FakeOrchestration();
        DateTime late = Requests.Start.AddSeconds(3);
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(AttemptOutcome.Succeeded, [Requests.Entry(LogMessages.Succeeded, at: late)]));

        ExecutionOutcome outcome = await fake.RunAsync(Requests.Execution());

        Assert.Equal(late, outcome.FinishedAt);
        Assert.Equal(late, fake.LastStatus.FinishedAt);
    }

    [Fact]
    public async Task Failure_PublishesFailedWithTheAttemptsEntriesAndFailsTheOrchestration()
    {
        var fake = new FakeOrchestration();
        TaskError error = Failure(1);
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(
            AttemptOutcome.Failed,
            [Requests.Entry("h1"), Requests.Entry(LogMessages.Failed, TaskLogLevel.Error), Requests.Entry("error middleware")],
            error: error));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution()));

        Assert.Equal(error, thrown.Error);
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
        Assert.NotNull(fake.LastStatus.FinishedAt);
        Assert.Equal([LogMessages.Started(30_000), "h1", LogMessages.Failed, "error middleware"], fake.LastStatus.Logs.Select(l => l.Message));

        // No status before the last says failed: the first final status comes with the final log.
        Assert.All(fake.Statuses.SkipLast(1), s => Assert.Equal(ExecutionStatus.Running, s.Status));
    }

    [Fact]
    public async Task ActivityThatFailsToRun_FailsTheExecutionWithItsError()
    {
        var fake = new FakeOrchestration();
        var details = new TaskFailureDetails("System.IO.IOException", "disk gone", null, null, null);
        fake.OnAttempt = _ => Task.FromException<AttemptResult>(new TaskFailedException(ProtocolNames.AttemptActivity, 1, details));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution()));

        Assert.Equal("System.IO.IOException", thrown.Error!.Type);
        LogEntry failed = fake.LastStatus.Logs[^1];
        Assert.Equal(LogMessages.Failed, failed.Message);
        Assert.Equal(TaskLogLevel.Error, failed.Level);
        Assert.Equal("disk gone", failed.Data!.Value.GetProperty("message").GetString());
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
    }

    [Fact]
    public async Task Retry_WaitsTheAttemptsDelayOnADurableTimerAndStartsTheNextFromItsItems()
    {
        var fake = new FakeOrchestration();
        Dictionary<string, System.Text.Json.JsonElement> items = Requests.Items(("fromBefore", 1));
        fake.OnAttempt = r => Task.FromResult(r.Attempt switch
        {
            1 => Requests.Result(AttemptOutcome.Retry, [Requests.Entry("attempt 1 failed")], items, Failure(1), TimeSpan.FromMilliseconds(500)),
            2 => Requests.Result(AttemptOutcome.Retry, [Requests.Entry("attempt 2 failed")], items, Failure(2), TimeSpan.FromMilliseconds(1000)),
            _ => Requests.Succeeded("attempt 3 ok"),
        });
        ExecutionRequest request = Requests.Execution(retry: Retry);

        ExecutionOutcome outcome = await fake.RunAsync(request);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal([1, 2, 3], fake.AttemptCalls.Select(a => a.Attempt));
        Assert.Equal([Requests.Start.AddMilliseconds(500), Requests.Start.AddMilliseconds(1500)], fake.Timers.Select(t => t.FireAt));
        Assert.Empty(fake.AttemptCalls[0].Items);
        Assert.All(fake.AttemptCalls.Skip(1), a => Assert.Equal(1, a.Items["fromBefore"].GetInt32()));

        // Each attempt is handed the log so far, and the retry entries are shown while the execution waits.
        Assert.Equal([LogMessages.Started(30_000), "attempt 1 failed"], fake.AttemptCalls[1].Logs.Select(l => l.Message));
        int firstTimer = fake.Events.FindIndex(e => e.StartsWith("timer", StringComparison.Ordinal));
        Assert.Equal("status:Running", fake.Events[firstTimer - 1]);
        Assert.Contains(fake.Statuses[^2].Logs, l => l.Message == "attempt 2 failed");
    }

    [Fact]
    public async Task Retry_ADelayPastTheDeadline_WaitsOnlyUntilTheDeadline()
    {
        var fake = new FakeOrchestration();
        fake.OnAttempt = r => Task.FromResult(r.Attempt == 1
            ? Requests.Result(AttemptOutcome.Retry, error: Failure(1), retryDelay: TimeSpan.FromSeconds(10))
            : Requests.Result(AttemptOutcome.Failed, [Requests.Entry(LogMessages.TimedOut(2000), TaskLogLevel.Error)], error: Failure(2)));
        ExecutionRequest request = Requests.Execution(timeoutMs: 2000, retry: Retry);

        await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(request));

        // The next attempt starts at the deadline, where it only records the timeout.
        Assert.Equal(Requests.Start.AddMilliseconds(2000), Assert.Single(fake.Timers).FireAt);
        Assert.Equal(2, fake.AttemptCalls.Count);
        Assert.Equal(LogMessages.TimedOut(2000), fake.LastStatus.Logs[^1].Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Slot_IsReleasedOnceTheExecutionHasEnded(bool fails)
    {
        var fake = new FakeOrchestration();
        fake.OnAttempt = _ => Task.FromResult(fails ? Requests.Result(AttemptOutcome.Failed, error: Failure(1)) : Requests.Succeeded());
        ExecutionRequest request = Requests.Execution("sync", slotIndex: 2);

        Exception? thrown = await Record.ExceptionAsync(() => fake.RunAsync(request));

        Assert.Equal(fails, thrown is TaskExecutionFailedException);
        Assert.Equal(new FakeOrchestration.SentEvent(InstanceIds.Slot("sync", 2), ProtocolNames.ReleaseSlotEvent, request.ExecutionId), Assert.Single(fake.SentEvents));
        Assert.True(fake.Events.IndexOf($"send:{ProtocolNames.ReleaseSlotEvent}") > fake.Events.IndexOf("attempt:1"));
    }

    [Fact]
    public async Task Slot_WithoutOne_NothingIsSent()
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution());

        fake.Context.Verify(c => c.SendEvent(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object>()), Times.Never);
    }

    [Fact]
    public async Task NullArguments_AreRejected()
    {
        var fake = new FakeOrchestration();

        await Assert.ThrowsAsync<ArgumentNullException>(() => ExecutionOrchestrator.RunAsync(null!, Requests.Execution()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ExecutionOrchestrator.RunAsync(fake.Context.Object, null!));
        fake.Context.Verify(
            c => c.CallActivityAsync<AttemptResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<DurableTaskOptions?>()),
            Times.Never);
    }

    internal static TaskError Failure(int attempt) =>
        new("System.InvalidOperationException", $"boom {attempt}", ExecutionStage.Handler, attempt);
}
