using System.Text.Json;
using Microsoft.DurableTask;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Serialization;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>The log of one execution as its orchestrator shows it: live batches, restarts, late entries, archives.</summary>
public sealed class ExecutionOrchestratorLogTests
{
    [Fact]
    public async Task LiveLogs_ABatchWhileTheAttemptRuns_IsShownBeforeTheAttemptEnds()
    {
        var fake = new FakeOrchestration();
        var attempt = new TaskCompletionSource<AttemptResult>();
        fake.OnAttempt = _ => attempt.Task;

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution());
        fake.DeliverLogs(new LiveLogBatch(1, "run-1", 0, [Requests.Entry("live 1"), Requests.Entry("live 2")]));

        Assert.False(run.IsCompleted);
        Assert.Equal(ExecutionStatus.Running, fake.LastStatus.Status);
        Assert.Equal([LogMessages.Started(30_000), "live 1", "live 2"], fake.LastStatus.Logs.Select(l => l.Message));

        // The result carries every entry again; those already shown are not repeated.
        attempt.SetResult(Requests.Result(AttemptOutcome.Succeeded, [Requests.Entry("live 1"), Requests.Entry("live 2"), Requests.Entry("after"), Requests.Entry(LogMessages.Succeeded)]));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([LogMessages.Started(30_000), "live 1", "live 2", "after", LogMessages.Succeeded], fake.LastStatus.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task LiveLogs_BatchesOfAnotherAttemptOrAfterAGapOrRepeated_AreIgnoredAndTheResultFillsTheRest()
    {
        var fake = new FakeOrchestration();
        var attempt = new TaskCompletionSource<AttemptResult>();
        fake.OnAttempt = _ => attempt.Task;

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution());
        fake.DeliverLogs(new LiveLogBatch(2, "run-1", 0, [Requests.Entry("other attempt")]));
        fake.DeliverLogs(new LiveLogBatch(1, "run-1", 1, [Requests.Entry("b")]));
        fake.DeliverLogs(new LiveLogBatch(1, "run-1", 0, [Requests.Entry("a")]));
        fake.DeliverLogs(new LiveLogBatch(1, "run-1", 0, [Requests.Entry("a")]));
        int statuses = fake.Statuses.Count;

        Assert.Equal([LogMessages.Started(30_000), "a"], fake.LastStatus.Logs.Select(l => l.Message));
        attempt.SetResult(Requests.Result(AttemptOutcome.Succeeded, [Requests.Entry("a"), Requests.Entry("b"), Requests.Entry("c")]));
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([LogMessages.Started(30_000), "a", "b", "c"], fake.LastStatus.Logs.Select(l => l.Message));
        Assert.True(statuses <= 3, "an ignored batch published a status");
    }

    [Fact]
    public async Task LiveLogs_KeepsExactlyOneWaiterPending()
    {
        var fake = new FakeOrchestration();
        var attempt = new TaskCompletionSource<AttemptResult>();
        fake.OnAttempt = _ => attempt.Task;

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution());
        for (int i = 0; i < 5; i++)
        {
            fake.DeliverLogs(new LiveLogBatch(1, "run-1", i, [Requests.Entry($"line {i}")]));
        }

        attempt.SetResult(Requests.Succeeded());
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(6, fake.Waiters.Count);
        Assert.Equal(0, fake.OverlappingWaiters);
    }

    [Fact]
    public async Task Restart_AResultOfANewRunKeepsWhatTheOldRunShowedNotesTheRestartAndAddsEveryNewEntry()
    {
        var fake = new FakeOrchestration();
        var attempt = new TaskCompletionSource<AttemptResult>();
        fake.OnAttempt = _ => attempt.Task;

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution());
        fake.DeliverLogs(new LiveLogBatch(1, "crashed", 0, [Requests.Entry("step 1"), Requests.Entry("step 2")]));

        // The host crashed; the engine ran the attempt again, which sends a batch of its own and then its result.
        fake.DeliverLogs(new LiveLogBatch(1, "again", 0, [Requests.Entry("step 1")]));
        fake.DeliverLogs(new LiveLogBatch(1, "crashed", 2, [Requests.Entry("late batch of the crashed run")]));
        attempt.SetResult(Requests.Result(AttemptOutcome.Succeeded, [Requests.Entry("step 1"), Requests.Entry("step 2"), Requests.Entry(LogMessages.Succeeded)], runId: "again"));
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(
            [LogMessages.Started(30_000), "step 1", "step 2", LogMessages.AttemptStartedOver(1), "step 1", "step 2", LogMessages.Succeeded],
            fake.LastStatus.Logs.Select(l => l.Message));
        Assert.Equal(TaskLogLevel.Warn, fake.LastStatus.Logs[3].Level);
    }

    [Fact]
    public async Task Restart_AResultOfARunThatSentNothing_IsNotARestart()
    {
        var fake = new FakeOrchestration();
        fake.OnAttempt = _ => Task.FromResult(Requests.Succeeded("only"));

        await fake.RunAsync(Requests.Execution());

        Assert.DoesNotContain(fake.LastStatus.Logs, l => l.Message == LogMessages.AttemptStartedOver(1));
    }

    [Fact]
    public async Task LateEntries_OfAnAbandonedHandler_FollowTheFailedStatusAndAreMarked()
    {
        var fake = new FakeOrchestration();
        var lateTimer = new TaskCompletionSource();
        fake.OnTimer = _ => lateTimer.Task;
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(
            AttemptOutcome.Failed,
            [Requests.Entry(LogMessages.TimedOut(1000), TaskLogLevel.Error)],
            error: ExecutionOrchestratorTests.Failure(1),
            runId: "run-1",
            handlerAbandoned: true));

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(timeoutMs: 1000, slotIndex: 0));

        // The outcome is decided and shown while the handler may still write.
        Assert.False(run.IsCompleted);
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
        Assert.Empty(fake.SentEvents);

        fake.DeliverLateLogs(new LiveLogBatch(1, "run-1", 1, [Requests.Entry("woke up")]));
        await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(
            [LogMessages.Started(1000), LogMessages.TimedOut(1000), LogMessages.LateEntries, "woke up"],
            fake.LastStatus.Logs.Select(l => l.Message));
        Assert.Equal(Requests.Start + ExecutionLimits.LateEntriesWait, Assert.Single(fake.Timers).FireAt);
        Assert.True(fake.Timers[0].Token.IsCancellationRequested);
        Assert.Single(fake.SentEvents);
    }

    [Fact]
    public async Task LateEntries_ThatNeverCome_EndTheExecutionAtTheWaitsEnd()
    {
        var fake = new FakeOrchestration();
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(
            AttemptOutcome.Failed, [Requests.Entry(LogMessages.TimedOut(1000), TaskLogLevel.Error)], error: ExecutionOrchestratorTests.Failure(1), handlerAbandoned: true));

        await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution(timeoutMs: 1000)).WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(LogMessages.TimedOut(1000), fake.LastStatus.Logs[^1].Message);
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
    }

    [Fact]
    public async Task HugeLog_KeepsCustomStatusWithinLimitAndArchivesTheRestInOrder()
    {
        var fake = new FakeOrchestration();
        LogEntry[] handlerLogs = [.. Enumerable.Range(0, 2_000).Select(i => new LogEntry(
            Requests.Start,
            TaskLogLevel.Info,
            $"同步进度：第 {i} 条记录已处理",
            JsonSerializer.SerializeToElement(new { index = i, note = "用户空间" })))];
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(AttemptOutcome.Succeeded, [.. handlerLogs, Requests.Entry(LogMessages.Succeeded)]));
        ExecutionRequest request = Requests.Execution();

        ExecutionOutcome outcome = await fake.RunAsync(request);

        Assert.All(fake.Statuses, s => Assert.True(
            JsonSerializer.Serialize(s, TaskFunctionsJson.StrictOptions).Length <= ExecutionLimits.CustomStatusMaxChars,
            "custom status over the limit"));
        Assert.NotEmpty(fake.Archives);
        for (int i = 0; i < fake.Archives.Count; i++)
        {
            Assert.Equal(ProtocolNames.ArchiveLogActivity, fake.Archives[i].Activity);
            Assert.Equal(i, fake.Archives[i].Chunk.Index);
            Assert.Equal(request.ExecutionId, fake.Archives[i].Chunk.ExecutionId);
        }

        string[] expected = [LogMessages.Started(30_000), .. handlerLogs.Select(l => l.Message), LogMessages.Succeeded];
        Assert.Equal(expected, fake.FullLog.Select(l => l.Message));
        Assert.Equal(expected.Length, outcome.LogCount);
        Assert.Equal(fake.Archives.Count, fake.LastStatus.ArchiveChunkCount);
        Assert.Equal(fake.Archives.Sum(a => a.Chunk.Entries.Count), fake.LastStatus.ArchivedLogCount);
    }

    [Fact]
    public async Task Archives_TheFinalStatusWaitsForEveryChunkAndTheSlotIsReleasedEvenWhenStoringFails()
    {
        var fake = new FakeOrchestration();
        var store = new TaskCompletionSource<int>();
        fake.OnArchive = _ => store.Task;
        fake.OnAttempt = _ => Task.FromResult(Requests.Result(
            AttemptOutcome.Succeeded, Enumerable.Range(0, 60).Select(i => Requests.Entry($"line {i} {new string('x', 40)}"))));

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution("sync", slotIndex: 0), 1_024);

        Assert.NotEmpty(fake.Archives);
        Assert.False(run.IsCompleted);
        Assert.DoesNotContain(fake.Statuses, s => s.Status == ExecutionStatus.Completed);
        Assert.Empty(fake.SentEvents);

        store.SetException(new TaskFailedException(ProtocolNames.ArchiveLogActivity, 9, new InvalidOperationException("storage down")));
        await Assert.ThrowsAsync<TaskFailedException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(InstanceIds.Slot("sync", 0), Assert.Single(fake.SentEvents).InstanceId);
    }

    [Fact]
    public async Task SmallLogBudget_ManyBatches_LosesNothingAndKeepsEveryStatusWithinBudget()
    {
        const int Budget = 1_024;
        var fake = new FakeOrchestration();
        var attempt = new TaskCompletionSource<AttemptResult>();
        fake.OnAttempt = _ => attempt.Task;
        LogEntry[] all = [.. Enumerable.Range(0, 120).Select(i => Requests.Entry($"line {i}"))];

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(), Budget);
        for (int from = 0; from < 80; from += 20)
        {
            fake.DeliverLogs(new LiveLogBatch(1, "run-1", from, all[from..(from + 20)]));
        }

        attempt.SetResult(Requests.Result(AttemptOutcome.Succeeded, all));
        ExecutionOutcome outcome = await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.All(fake.Statuses, s => Assert.True(s.Logs.Sum(BoundedLog.Measure) <= Budget));
        Assert.True(fake.Archives.Count >= 3);
        Assert.Equal([LogMessages.Started(30_000), .. all.Select(l => l.Message)], fake.FullLog.Select(l => l.Message));
        Assert.Equal(121, outcome.LogCount);
        Assert.Equal([.. Enumerable.Range(0, fake.Archives.Count)], fake.Archives.Select(a => a.Chunk.Index));
    }
}
