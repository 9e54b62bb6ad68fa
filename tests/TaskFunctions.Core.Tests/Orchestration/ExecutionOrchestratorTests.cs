using System.Text.Json;
using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Orchestration;
using TaskFunctions.Serialization;
using DurableTaskOptions = Microsoft.DurableTask.TaskOptions;

namespace TaskFunctions.Core.Tests.Orchestration;

public sealed class ExecutionOrchestratorTests
{
    private static readonly TaskError HandlerFailure = new("System.InvalidOperationException", "boom", ExecutionStage.Handler, 1);

    [Fact]
    public async Task Success_RecordsStartFirstAndSuccessLast()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = _ => Task.FromResult(Requests.Result([Requests.Entry("h1"), Requests.Entry("h2", TaskLogLevel.Warn)]));
        ExecutionRequest request = Requests.Execution(timeoutMs: 1234);

        ExecutionOutcome outcome = await fake.RunAsync(request);

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal(4, outcome.LogCount);
        Assert.Equal(Requests.Start, outcome.FinishedAt);
        ExecutionSnapshot last = fake.LastStatus;
        Assert.Equal(ExecutionStatus.Completed, last.Status);
        Assert.Equal(Requests.Start, last.FinishedAt);
        Assert.Equal(["开始执行任务 (超时限制: 1234ms)", "h1", "h2", "任务执行成功"], last.Logs.Select(l => l.Message));
        Assert.Equal(TaskLogLevel.Info, last.Logs[0].Level);
        Assert.Equal(TaskLogLevel.Info, last.Logs[^1].Level);
        Assert.Equal(0, last.ArchivedLogCount);
        Assert.Equal(0, last.ArchiveChunkCount);
        Assert.Empty(fake.Archives);
    }

    [Fact]
    public async Task PublishesRunningWithTheStartEntryBeforeAnyStage()
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution(timeoutMs: 500));

        ExecutionSnapshot first = fake.Statuses[0];
        Assert.Equal(ExecutionStatus.Running, first.Status);
        Assert.Null(first.FinishedAt);
        Assert.Equal(LogMessages.Started(500), Assert.Single(first.Logs).Message);
        Assert.Equal("status:Running", fake.Events[0]);
        Assert.True(fake.Events.IndexOf("status:Running") < fake.Events.IndexOf("activity:Handler"));
    }

    [Fact]
    public async Task StageLogsAndFinishTimesUseTheOrchestrationClock()
    {
        var fake = new FakeOrchestration();
        DateTime finished = Requests.Start.AddSeconds(7);
        fake.OnStage = _ =>
        {
            fake.Now = finished;
            return Task.FromResult(Requests.Result());
        };

        ExecutionOutcome outcome = await fake.RunAsync(Requests.Execution());

        Assert.Equal(finished, outcome.FinishedAt);
        Assert.Equal(Requests.Start, fake.LastStatus.Logs[0].Timestamp);
        Assert.Equal(finished, fake.LastStatus.Logs[^1].Timestamp);
    }

    [Theory]
    [InlineData(false, false, false, new[] { ExecutionStage.Handler })]
    [InlineData(true, false, false, new[] { ExecutionStage.Before, ExecutionStage.Handler })]
    [InlineData(false, true, false, new[] { ExecutionStage.Handler, ExecutionStage.After })]
    [InlineData(false, false, true, new[] { ExecutionStage.Handler })]
    [InlineData(true, true, true, new[] { ExecutionStage.Before, ExecutionStage.Handler, ExecutionStage.After })]
    public async Task Success_CallsAnActivityOnlyForPlannedStages(bool before, bool after, bool error, ExecutionStage[] expected)
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(before, after, error)));

        Assert.Equal(expected, fake.Stages);
        Assert.All(fake.ActivityNames, name => Assert.Equal(StageRunner.ActivityName, name));
        fake.Context.Verify(
            c => c.CallActivityAsync<StageResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<DurableTaskOptions?>()),
            Times.Exactly(expected.Length));
    }

    [Fact]
    public async Task StageRequests_CarryTheExecutionDeadlineAndLogSoFar()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(Requests.Result([Requests.Entry($"from {r.Stage}")]));
        ExecutionRequest request = Requests.Execution(plan: new ExecutionPlan(true, true, false), timeoutMs: 2500);
        DateTime deadline = Requests.Start.AddMilliseconds(2500);

        await fake.RunAsync(request);

        Assert.Equal(deadline, fake.TimerFireAt);
        Assert.All(fake.StageCalls, call =>
        {
            Assert.Same(request, call.Execution);
            Assert.Equal(deadline, call.Deadline);
            Assert.Equal(1, call.Attempt);
            Assert.Null(call.Error);
            Assert.Equal(0, call.OmittedLogCount);
        });
        Assert.Equal([LogMessages.Started(2500)], fake.StageCalls[0].Logs.Select(l => l.Message));
        Assert.Equal([LogMessages.Started(2500), "from Before"], fake.StageCalls[1].Logs.Select(l => l.Message));
        Assert.Equal([LogMessages.Started(2500), "from Before", "from Handler"], fake.StageCalls[2].Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Success_CancelsTheDeadlineTimer()
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution());

        Assert.True(fake.TimerToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Items_FlowFromEachStageIntoTheNext()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(r.Stage switch
        {
            ExecutionStage.Before => Requests.Result(items: Requests.Items(("a", 1))),
            ExecutionStage.Handler => Requests.Result(items: Requests.Items(("a", 1), ("b", "two"))),
            _ => Requests.Result(items: r.Items),
        });

        await fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, true, false)));

        Assert.Empty(fake.StageCalls[0].Items);
        Assert.Equal(["a"], fake.StageCalls[1].Items.Keys);
        Assert.Equal(1, fake.StageCalls[1].Items["a"].GetInt32());
        Assert.Equal(["a", "b"], fake.StageCalls[2].Items.Keys.Order());
        Assert.Equal("two", fake.StageCalls[2].Items["b"].GetString());
    }

    [Fact]
    public async Task HandlerError_IsLoggedRunsErrorStageAndFailsTheOrchestration()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(r.Stage switch
        {
            ExecutionStage.Before => Requests.Result(items: Requests.Items(("user", "u1"))),
            ExecutionStage.Handler => Requests.Result([Requests.Entry("working")], r.Items, HandlerFailure),
            ExecutionStage.Error => Requests.Result([Requests.Entry("cleaned up")], r.Items),
            _ => throw new InvalidOperationException($"Unexpected stage {r.Stage}."),
        });

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, true, true))));

        Assert.Equal(HandlerFailure, thrown.Error);
        Assert.Equal([ExecutionStage.Before, ExecutionStage.Handler, ExecutionStage.Error], fake.Stages);

        StageRequest errorStage = fake.StageCalls[2];
        Assert.Equal(HandlerFailure, errorStage.Error);
        Assert.Equal("u1", errorStage.Items["user"].GetString());
        Assert.Equal(Requests.Start + ExecutionLimits.ErrorStageTimeout, errorStage.Deadline);
        Assert.Equal(LogMessages.Failed, errorStage.Logs[^1].Message);

        ExecutionSnapshot last = fake.LastStatus;
        Assert.Equal(ExecutionStatus.Failed, last.Status);
        Assert.NotNull(last.FinishedAt);
        Assert.Equal([LogMessages.Started(30_000), "working", LogMessages.Failed, "cleaned up"], last.Logs.Select(l => l.Message));
        Assert.DoesNotContain(last.Logs, l => l.Message == LogMessages.Succeeded);

        LogEntry failure = last.Logs[2];
        Assert.Equal(TaskLogLevel.Error, failure.Level);
        JsonElement data = failure.Data!.Value;
        Assert.Equal("System.InvalidOperationException", data.GetProperty("type").GetString());
        Assert.Equal("boom", data.GetProperty("message").GetString());
        Assert.Equal("handler", data.GetProperty("stage").GetString());
        Assert.Equal(1, data.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task HandlerError_PublishesFailedOnceTheErrorStageHasRun()
    {
        var fake = new FakeOrchestration();
        DateTime errorStageDone = Requests.Start.AddSeconds(3);
        fake.OnStage = r =>
        {
            if (r.Stage == ExecutionStage.Error)
            {
                fake.Now = errorStageDone;
            }

            return Task.FromResult(Requests.Result(error: r.Stage == ExecutionStage.Handler ? HandlerFailure : null));
        };

        await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, false, true))));

        // Clients see failed only when the error middleware's log is complete.
        int errorStage = fake.Events.IndexOf("activity:Error");
        Assert.True(errorStage >= 0);
        Assert.DoesNotContain("status:Failed", fake.Events.Take(errorStage));
        Assert.Contains("status:Failed", fake.Events.Skip(errorStage));
        Assert.Equal(errorStageDone, fake.LastStatus.FinishedAt);
    }

    [Fact]
    public async Task HandlerError_WithoutErrorMiddleware_CallsNoErrorStage()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = _ => Task.FromResult(Requests.Result(error: HandlerFailure));

        await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, true, false))));

        Assert.Equal([ExecutionStage.Handler], fake.Stages);
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
    }

    [Fact]
    public async Task BeforeError_SkipsTheHandlerAndAfterStage()
    {
        var fake = new FakeOrchestration();
        var beforeFailure = new TaskError("System.UnauthorizedAccessException", "denied", ExecutionStage.Before, 1);
        fake.OnStage = r => Task.FromResult(Requests.Result(error: r.Stage == ExecutionStage.Before ? beforeFailure : null));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, true, true))));

        Assert.Equal(beforeFailure, thrown.Error);
        Assert.Equal([ExecutionStage.Before, ExecutionStage.Error], fake.Stages);
        Assert.Equal("before", fake.LastStatus.Logs.Single(l => l.Message == LogMessages.Failed).Data!.Value.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task AfterError_FailsTheExecution()
    {
        var fake = new FakeOrchestration();
        var afterFailure = new TaskError("System.IO.IOException", "disk", ExecutionStage.After, 1);
        fake.OnStage = r => Task.FromResult(Requests.Result(error: r.Stage == ExecutionStage.After ? afterFailure : null));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, true, true))));

        Assert.Equal(afterFailure, thrown.Error);
        Assert.Equal([ExecutionStage.Handler, ExecutionStage.After, ExecutionStage.Error], fake.Stages);
        Assert.DoesNotContain(fake.LastStatus.Logs, l => l.Message == LogMessages.Succeeded);
    }

    [Fact]
    public async Task ActivityThatFailsToRun_FailsTheExecutionWithTaskFailedException()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => r.Stage == ExecutionStage.Handler
            ? Task.FromException<StageResult>(new TaskFailedException(StageRunner.ActivityName, 3, new TaskFailureDetails("X", "lost", null, null, null)))
            : Task.FromResult(Requests.Result());

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, false, true))));

        Assert.Equal(typeof(TaskFailedException).FullName, thrown.Error!.Type);
        Assert.Equal(ExecutionStage.Handler, thrown.Error.Stage);
        Assert.Equal([ExecutionStage.Handler, ExecutionStage.Error], fake.Stages);
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
    }

    [Fact]
    public async Task Timeout_TimerMessageArrivingEarly_IsSetAgainForTheRestAndTimesOutOnlyAtTheDeadline()
    {
        var fake = new FakeOrchestration { TimersAdvanceClock = false };
        var handler = new TaskCompletionSource<StageResult>();
        var second = new TaskCompletionSource();
        fake.OnStage = r => r.Stage == ExecutionStage.Handler ? handler.Task : Task.FromResult(Requests.Result());
        fake.OnDelay = _ => second.Task;
        ExecutionRequest request = Requests.Execution(timeoutMs: 30_000);

        Task<ExecutionOutcome> run = fake.RunAsync(request);
        fake.Now = request.StartedAt.AddMilliseconds(29_400); // Azure Storage queues delay by whole seconds
        fake.Timer.SetResult();

        Assert.False(run.IsCompleted);
        FakeOrchestration.TimerCall again = Assert.Single(fake.Delays);
        Assert.Equal(request.StartedAt.AddMilliseconds(30_000), again.FireAt);
        Assert.DoesNotContain(fake.LastStatus.Logs, e => e.Message == LogMessages.TimedOut(30_000));

        fake.Now = request.StartedAt.AddMilliseconds(30_010);
        second.SetResult();
        handler.SetResult(Requests.Result());

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run);
        Assert.Equal(typeof(TimeoutException).FullName, thrown.Error!.Type);
        Assert.Equal(fake.Now, fake.FullLog.Single(e => e.Message == LogMessages.TimedOut(30_000)).Timestamp);
    }

    [Fact]
    public async Task Timeout_WhenTheTimerWins_RecordsTimeoutPublishesFailedAndRunsErrorStage()
    {
        var fake = new FakeOrchestration();
        var handler = new TaskCompletionSource<StageResult>();
        fake.OnStage = r => r.Stage == ExecutionStage.Handler
            ? handler.Task
            : Task.FromResult(Requests.Result([Requests.Entry("error middleware ran")], r.Items));

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, true, true), timeoutMs: 30_000));
        Assert.False(run.IsCompleted);
        fake.Now = Requests.Start.AddSeconds(30);
        fake.Timer.SetResult();

        // The losing handler has not returned yet: the orchestration waits for it to keep what it logged.
        Assert.Equal([ExecutionStage.Handler, ExecutionStage.Error], fake.Stages);
        Assert.False(run.IsCompleted);
        handler.SetResult(Requests.Result([Requests.Entry("late handler line")]));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run);
        Assert.Equal(typeof(TimeoutException).FullName, thrown.Error!.Type);
        Assert.Equal(ExecutionStage.Handler, thrown.Error.Stage);

        int failed = fake.Events.IndexOf("status:Failed");
        Assert.True(failed >= 0 && failed < fake.Events.IndexOf("activity:Error"));

        StageRequest errorStage = fake.StageCalls[1];
        Assert.Equal(thrown.Error, errorStage.Error);
        Assert.Equal(fake.Now + ExecutionLimits.ErrorStageTimeout, errorStage.Deadline);

        ExecutionSnapshot last = fake.LastStatus;
        Assert.Equal(ExecutionStatus.Failed, last.Status);
        Assert.Equal(fake.Now, last.FinishedAt);
        Assert.Equal(
            [LogMessages.Started(30_000), "任务执行超时 (30000ms)", "error middleware ran", "late handler line"],
            last.Logs.Select(l => l.Message));
        LogEntry timeout = last.Logs[1];
        Assert.Equal(TaskLogLevel.Error, timeout.Level);
        Assert.Equal(typeof(TimeoutException).FullName, timeout.Data!.Value.GetProperty("type").GetString());
        Assert.Equal("handler", timeout.Data.Value.GetProperty("stage").GetString());
        Assert.DoesNotContain(last.Logs, l => l.Message == LogMessages.Failed);
    }

    [Fact]
    public async Task Timeout_WhenTheStageStopsAtItsDeadlineFirst_IsReportedAtOnceButNeverStampedBeforeTheDeadline()
    {
        // The activity's clock stopped the handler a moment before the orchestration's clock reached the deadline.
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(r.Stage == ExecutionStage.Handler
            ? Requests.Result([Requests.Entry("stopped")], error: new TaskError(typeof(TaskCanceledException).FullName!, "cancelled", ExecutionStage.Handler, 1), deadlineReached: true)
            : Requests.Result());
        fake.Now = Requests.Start.AddMilliseconds(998);

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution(timeoutMs: 1_000)));

        Assert.False(fake.Timer.Task.IsCompleted); // reported without waiting for the deadline timer
        Assert.Equal(typeof(TimeoutException).FullName, thrown.Error!.Type);
        DateTime deadline = Requests.Start.AddMilliseconds(1_000);
        Assert.Equal(deadline, fake.FullLog.Single(e => e.Message == LogMessages.TimedOut(1_000)).Timestamp);
        Assert.Equal(deadline, fake.LastStatus.FinishedAt);
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
    }

    [Fact]
    public async Task HandlerThrowingTimeoutException_IsAFailureNotATimeout()
    {
        // A handler's own TimeoutException (say, from a slow upstream call) is an ordinary failure: it must be
        // logged like any other error, although no deadline has passed.
        var fake = new FakeOrchestration();
        var ownTimeout = new TaskError(typeof(TimeoutException).FullName!, "upstream did not answer", ExecutionStage.Handler, 1);
        fake.OnStage = _ => Task.FromResult(Requests.Result(error: ownTimeout));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution(timeoutMs: 30_000)));

        Assert.Equal(ownTimeout, thrown.Error);
        Assert.False(fake.Timer.Task.IsCompleted);
        LogEntry failure = Assert.Single(fake.LastStatus.Logs, l => l.Level == TaskLogLevel.Error);
        Assert.Equal(LogMessages.Failed, failure.Message);
        Assert.Equal("upstream did not answer", failure.Data!.Value.GetProperty("message").GetString());
        Assert.DoesNotContain(fake.LastStatus.Logs, l => l.Message == LogMessages.TimedOut(30_000));
    }

    [Fact]
    public async Task Timeout_DuringBeforeStage_SkipsHandler()
    {
        var fake = new FakeOrchestration();
        var before = new TaskCompletionSource<StageResult>();
        fake.OnStage = r => r.Stage == ExecutionStage.Before ? before.Task : Task.FromResult(Requests.Result());

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, true, false), timeoutMs: 100));
        fake.Timer.SetResult();
        before.SetResult(Requests.Result());

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run);
        Assert.Equal(ExecutionStage.Before, thrown.Error!.Stage);
        Assert.Equal([ExecutionStage.Before], fake.Stages);
        Assert.Contains(fake.LastStatus.Logs, l => l.Message == LogMessages.TimedOut(100));
    }

    [Fact]
    public async Task HugeStageLog_KeepsCustomStatusWithinLimitAndArchivesTheRest()
    {
        var fake = new FakeOrchestration();
        LogEntry[] handlerLogs = [.. Enumerable.Range(0, 2_000).Select(i => new LogEntry(
            Requests.Start,
            TaskLogLevel.Info,
            $"同步进度：第 {i} 条记录已处理",
            JsonSerializer.SerializeToElement(new { index = i, note = "用户空间" })))];
        fake.OnStage = r => Task.FromResult(r.Stage == ExecutionStage.Handler ? Requests.Result(handlerLogs) : Requests.Result());
        ExecutionRequest request = Requests.Execution(plan: new ExecutionPlan(false, true, false));

        ExecutionOutcome outcome = await fake.RunAsync(request);

        Assert.All(fake.Statuses, s => Assert.True(
            JsonSerializer.Serialize(s, TaskFunctionsJson.StrictOptions).Length <= ExecutionLimits.CustomStatusMaxChars,
            "custom status over the limit"));
        Assert.NotEmpty(fake.Archives);
        for (int i = 0; i < fake.Archives.Count; i++)
        {
            FakeOrchestration.ArchiveCall archive = fake.Archives[i];
            Assert.Equal(ExecutionLogArchive.ActivityName, archive.Activity);
            Assert.Equal(i, archive.Chunk.Index);
            Assert.Equal(request.ExecutionId, archive.Chunk.ExecutionId);
            Assert.NotEmpty(archive.Chunk.Entries);
        }

        string[] expected = [LogMessages.Started(30_000), .. handlerLogs.Select(l => l.Message), LogMessages.Succeeded];
        Assert.Equal(expected, fake.FullLog.Select(l => l.Message));
        Assert.Equal(expected.Length, outcome.LogCount);
        Assert.Equal(fake.Archives.Count, fake.LastStatus.ArchiveChunkCount);
        Assert.Equal(fake.Archives.Sum(a => a.Chunk.Entries.Count), fake.LastStatus.ArchivedLogCount);

        // The after stage is handed only the newest entries, and told how many it is not given.
        StageRequest after = fake.StageCalls[1];
        Assert.True(after.OmittedLogCount > 0);
        Assert.Equal(1 + handlerLogs.Length, after.OmittedLogCount + after.Logs.Count);
        Assert.Equal(handlerLogs[^1].Message, after.Logs[^1].Message);
    }

    [Fact]
    public async Task SmallLogBudget_ManyStages_LosesNothingAndKeepsEveryStatusWithinBudget()
    {
        const int Budget = 1_024;
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(Requests.Result(
            Enumerable.Range(0, 40).Select(i => Requests.Entry($"{r.Stage} line {i}"))));

        ExecutionOutcome outcome = await fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, true, false)), Budget);

        Assert.All(fake.Statuses, s => Assert.True(s.Logs.Sum(BoundedLog.Measure) <= Budget));
        Assert.True(fake.Archives.Count >= 3);
        string[] expected =
        [
            LogMessages.Started(30_000),
            .. Enumerable.Range(0, 40).Select(i => $"Before line {i}"),
            .. Enumerable.Range(0, 40).Select(i => $"Handler line {i}"),
            .. Enumerable.Range(0, 40).Select(i => $"After line {i}"),
            LogMessages.Succeeded,
        ];
        Assert.Equal(expected, fake.FullLog.Select(l => l.Message));
        Assert.Equal(expected.Length, outcome.LogCount);
        Assert.Equal(
            [.. Enumerable.Range(0, fake.Archives.Count)],
            fake.Archives.Select(a => a.Chunk.Index));
    }

    [Fact]
    public async Task LiveLogs_ABatchWhileTheStageRuns_IsAppendedAndPublishedBeforeTheStageCompletes()
    {
        var fake = new FakeOrchestration();
        var handler = new TaskCompletionSource<StageResult>();
        fake.OnStage = _ => handler.Task;
        LogEntry[] entries = [Requests.Entry("a"), Requests.Entry("b", TaskLogLevel.Warn), Requests.Entry("c")];

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution());
        int published = fake.Statuses.Count;
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 0, entries[..2]));

        Assert.False(run.IsCompleted);
        Assert.Equal(published + 1, fake.Statuses.Count);
        Assert.Equal(ExecutionStatus.Running, fake.LastStatus.Status);
        Assert.Equal([LogMessages.Started(30_000), "a", "b"], fake.LastStatus.Logs.Select(l => l.Message));
        Assert.Equal(TaskLogLevel.Warn, fake.LastStatus.Logs[2].Level);

        // The result carries every entry of the stage again; those shown live are not added twice.
        handler.SetResult(Requests.Result(entries));
        ExecutionOutcome outcome = await run;

        Assert.Equal([LogMessages.Started(30_000), "a", "b", "c", LogMessages.Succeeded], fake.LastStatus.Logs.Select(l => l.Message));
        Assert.Equal(5, outcome.LogCount);
        Assert.All(fake.WaiterNames, name => Assert.Equal(LiveLogBatch.EventName, name));
    }

    [Fact]
    public async Task LiveLogs_BatchesOfAnotherStageOrAttemptOrAfterAGap_AreIgnoredAndTheResultFillsTheRest()
    {
        var fake = new FakeOrchestration();
        var handler = new TaskCompletionSource<StageResult>();
        fake.OnStage = r => r.Stage == ExecutionStage.Handler ? handler.Task : Task.FromResult(Requests.Result([Requests.Entry("before")]));
        LogEntry[] entries = [.. "abcde".Select(c => Requests.Entry(c.ToString()))];
        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, false, false)));

        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 0, entries[..1]));
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 2, entries[2..3]));
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Before, 1, 1, [Requests.Entry("late before")]));
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 2, 1, [Requests.Entry("other attempt")]));
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 0, entries[..1]));
        string[] shownLive = [.. fake.LastStatus.Logs.Select(l => l.Message)];

        // A batch that overlaps what is shown adds only its new entries.
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 0, entries[..2]));
        string[] afterOverlap = [.. fake.LastStatus.Logs.Select(l => l.Message)];
        handler.SetResult(Requests.Result(entries));
        await run;

        Assert.Equal([LogMessages.Started(30_000), "before", "a"], shownLive);
        Assert.Equal([LogMessages.Started(30_000), "before", "a", "b"], afterOverlap);
        Assert.Equal(
            [LogMessages.Started(30_000), "before", "a", "b", "c", "d", "e", LogMessages.Succeeded],
            fake.LastStatus.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task LiveLogs_KeepsExactlyOneWaiterPendingAndRearmsItOnlyOnceItFired()
    {
        var fake = new FakeOrchestration();
        var attempt1 = new TaskCompletionSource<StageResult>();
        var delay = new TaskCompletionSource();
        fake.OnDelay = _ => delay.Task;
        fake.OnStage = r => r.Attempt == 1 ? attempt1.Task : Task.FromResult(Requests.Result([Requests.Entry("second try")]));
        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(retry: new TaskRetryPolicy(2, 100)));

        Assert.Single(fake.Waiters);
        Assert.True(fake.Events.IndexOf("wait:log") < fake.Events.IndexOf("activity:Handler"));
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 0, [Requests.Entry("x")]));
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 1, [Requests.Entry("y")]));
        Assert.Equal(3, fake.Waiters.Count);
        attempt1.SetResult(Requests.Result([Requests.Entry("x"), Requests.Entry("y"), Requests.Entry("z")], error: Failure(1)));

        // A late batch of the failed attempt, during the retry delay: its entries came with the result already.
        Assert.Equal(3, fake.Waiters.Count);
        fake.DeliverLogs(new LiveLogBatch(ExecutionStage.Handler, 1, 2, [Requests.Entry("z")]));
        Assert.Equal(4, fake.Waiters.Count);
        delay.SetResult();
        await run;

        Assert.Equal(0, fake.OverlappingWaiters);
        Assert.Equal(4, fake.Waiters.Count);
        Assert.True(fake.Waiters[^1].Task.IsCanceled, "the last waiter is cancelled when the execution ends");
        Assert.Equal(
            [LogMessages.Started(30_000), "x", "y", "z", LogMessages.AttemptFailed(1), LogMessages.Retrying(2, 100), "second try", LogMessages.Succeeded],
            fake.LastStatus.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Retry_FailedAttemptsAreLoggedAndRetriedAfterDurableTimersUntilOneSucceeds()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(r.Stage == ExecutionStage.Handler
            ? Requests.Result([Requests.Entry($"attempt {r.Attempt}")], error: r.Attempt < 4 ? Failure(r.Attempt) : null)
            : Requests.Result([Requests.Entry("after")]));
        var policy = new TaskRetryPolicy(MaxAttempts: 5, FirstDelayMs: 100, BackoffCoefficient: 3, MaxDelayMs: 500);

        ExecutionOutcome outcome = await fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, true, true), retry: policy));

        Assert.Equal(ExecutionStatus.Completed, outcome.Status);
        Assert.Equal([1, 2, 3, 4], fake.StageCalls.Where(c => c.Stage == ExecutionStage.Handler).Select(c => c.Attempt));
        Assert.Equal([ExecutionStage.Handler, ExecutionStage.Handler, ExecutionStage.Handler, ExecutionStage.Handler, ExecutionStage.After], fake.Stages);
        Assert.Equal(4, fake.StageCalls[^1].Attempt);

        // Durable timers: the first delay, then times the backoff, capped.
        // Waits of 100, 300 and 500 ms, each counted from when the previous timer fired.
        Assert.Equal([100.0, 400.0, 900.0], fake.Delays.Select(t => (t.FireAt - Requests.Start).TotalMilliseconds));
        Assert.Equal(
            [
                LogMessages.Started(30_000),
                "attempt 1", "第 1 次尝试失败", "100ms 后重试 (第 2 次尝试)",
                "attempt 2", "第 2 次尝试失败", "300ms 后重试 (第 3 次尝试)",
                "attempt 3", "第 3 次尝试失败", "500ms 后重试 (第 4 次尝试)",
                "attempt 4", "after", LogMessages.Succeeded,
            ],
            fake.LastStatus.Logs.Select(l => l.Message));
        Assert.DoesNotContain(fake.LastStatus.Logs, l => l.Message == LogMessages.Failed);

        LogEntry failed = fake.LastStatus.Logs.Single(l => l.Message == LogMessages.AttemptFailed(2));
        Assert.Equal(TaskLogLevel.Warn, failed.Level);
        Assert.Equal(2, failed.Data!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal("boom 2", failed.Data.Value.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException", failed.Data.Value.GetProperty("type").GetString());
        LogEntry retrying = fake.LastStatus.Logs.Single(l => l.Message == LogMessages.Retrying(3, 300));
        Assert.Equal(TaskLogLevel.Info, retrying.Level);
        Assert.Equal(3, retrying.Data!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal(300, retrying.Data.Value.GetProperty("delayMs").GetInt32());
    }

    [Fact]
    public async Task Retry_FailureOfTheLastAttempt_FailsTheExecutionWithThatAttempt()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(Requests.Result(error: r.Stage == ExecutionStage.Handler ? Failure(r.Attempt) : null));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, true, true), retry: new TaskRetryPolicy(3, 1_000))));

        Assert.Equal(Failure(3), thrown.Error);
        Assert.Equal([1, 2, 3], fake.StageCalls.Where(c => c.Stage == ExecutionStage.Handler).Select(c => c.Attempt));
        Assert.Equal(2, fake.Delays.Count());
        StageRequest errorStage = fake.StageCalls[^1];
        Assert.Equal(ExecutionStage.Error, errorStage.Stage);
        Assert.Equal(3, errorStage.Attempt);
        Assert.Equal(Failure(3), errorStage.Error);

        ExecutionSnapshot last = fake.LastStatus;
        Assert.Equal(ExecutionStatus.Failed, last.Status);
        Assert.Equal(
            [
                LogMessages.Started(30_000),
                LogMessages.AttemptFailed(1), LogMessages.Retrying(2, 1_000),
                LogMessages.AttemptFailed(2), LogMessages.Retrying(3, 2_000),
                LogMessages.Failed,
            ],
            last.Logs.Select(l => l.Message));
        Assert.Equal(3, last.Logs[^1].Data!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal(TaskLogLevel.Error, last.Logs[^1].Level);
    }

    [Fact]
    public async Task Retry_EachAttemptStartsFromTheItemsTheBeforeStageLeft()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(r.Stage switch
        {
            ExecutionStage.Before => Requests.Result(items: Requests.Items(("user", "u1"))),
            ExecutionStage.Handler when r.Attempt == 1 => Requests.Result(items: Requests.Items(("user", "changed"), ("partial", true)), error: Failure(1)),
            ExecutionStage.Handler => Requests.Result(items: Requests.Items(("user", "u1"), ("done", r.Attempt))),
            _ => Requests.Result(items: r.Items),
        });

        await fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, true, false), retry: new TaskRetryPolicy(2, 0)));

        StageRequest[] handlers = [.. fake.StageCalls.Where(c => c.Stage == ExecutionStage.Handler)];
        Assert.Equal(2, handlers.Length);
        Assert.All(handlers, h =>
        {
            Assert.Equal(["user"], h.Items.Keys);
            Assert.Equal("u1", h.Items["user"].GetString());
        });
        StageRequest after = fake.StageCalls[^1];
        Assert.Equal(ExecutionStage.After, after.Stage);
        Assert.Equal(2, after.Items["done"].GetInt32());
        Assert.False(after.Items.ContainsKey("partial"));
    }

    [Fact]
    public async Task Retry_TimeoutDuringTheDelay_EndsTimedOutWithoutAnotherAttempt()
    {
        var fake = new FakeOrchestration();
        var delay = new TaskCompletionSource();
        fake.OnDelay = _ => delay.Task;
        fake.OnStage = r => Task.FromResult(Requests.Result(error: r.Stage == ExecutionStage.Handler ? Failure(r.Attempt) : null));

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(false, false, true), timeoutMs: 1_000, retry: new TaskRetryPolicy(3, 5_000)));
        Assert.False(run.IsCompleted);
        fake.Timer.SetResult();

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run);
        Assert.Equal(typeof(TimeoutException).FullName, thrown.Error!.Type);
        Assert.Equal(ExecutionStage.Handler, thrown.Error.Stage);
        Assert.Equal([ExecutionStage.Handler, ExecutionStage.Error], fake.Stages);
        Assert.True(Assert.Single(fake.Delays).Token.IsCancellationRequested, "the retry timer is cancelled");
        Assert.Equal(
            [LogMessages.Started(1_000), LogMessages.AttemptFailed(1), LogMessages.Retrying(2, 5_000), LogMessages.TimedOut(1_000)],
            fake.LastStatus.Logs.Select(l => l.Message));
        Assert.Equal(ExecutionStatus.Failed, fake.LastStatus.Status);
    }

    [Fact]
    public async Task Retry_ATimeoutIsNeverRetried()
    {
        var fake = new FakeOrchestration();
        var handler = new TaskCompletionSource<StageResult>();
        fake.OnStage = _ => handler.Task;

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution(timeoutMs: 1_000, retry: new TaskRetryPolicy(3, 0)));
        fake.Timer.SetResult();
        handler.SetResult(Requests.Result([Requests.Entry("stopped")], error: new TaskError(typeof(TaskCanceledException).FullName!, "cancelled", ExecutionStage.Handler, 1)));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run);
        Assert.Equal(typeof(TimeoutException).FullName, thrown.Error!.Type);
        Assert.Equal(1, thrown.Error.Attempt);
        Assert.Single(fake.StageCalls);
        Assert.Empty(fake.Delays);
        Assert.Equal([LogMessages.Started(1_000), LogMessages.TimedOut(1_000), "stopped"], fake.LastStatus.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Retry_ABeforeStageFailureIsNotRetried()
    {
        var fake = new FakeOrchestration();
        var denied = new TaskError("System.UnauthorizedAccessException", "denied", ExecutionStage.Before, 1);
        fake.OnStage = r => Task.FromResult(Requests.Result(error: r.Stage == ExecutionStage.Before ? denied : null));

        var thrown = await Assert.ThrowsAsync<TaskExecutionFailedException>(
            () => fake.RunAsync(Requests.Execution(plan: new ExecutionPlan(true, false, false), retry: new TaskRetryPolicy(3, 0))));

        Assert.Equal(denied, thrown.Error);
        Assert.Equal([ExecutionStage.Before], fake.Stages);
        Assert.Empty(fake.Delays);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Slot_IsReleasedWhenTheExecutionEnds(bool fails)
    {
        var fake = new FakeOrchestration();
        fake.OnStage = r => Task.FromResult(Requests.Result(error: fails && r.Stage == ExecutionStage.Handler ? HandlerFailure : null));
        ExecutionRequest request = Requests.Execution("sync", plan: new ExecutionPlan(false, true, true), slotIndex: 2);

        Exception? thrown = await Record.ExceptionAsync(() => fake.RunAsync(request));

        Assert.Equal(fails, thrown is TaskExecutionFailedException);
        FakeOrchestration.SentEvent sent = Assert.Single(fake.SentEvents);
        Assert.Equal(new FakeOrchestration.SentEvent(ConcurrencySlots.InstanceId("sync", 2), ConcurrencySlots.ReleaseEvent, request.ExecutionId), sent);

        // Only after every stage has run.
        Assert.True(fake.Events.IndexOf("send:release") > fake.Events.FindLastIndex(e => e.StartsWith("activity:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Slot_AfterATimeout_IsReleasedOnlyOnceTheLosingStageHasReturned()
    {
        var fake = new FakeOrchestration();
        var handler = new TaskCompletionSource<StageResult>();
        fake.OnStage = _ => handler.Task;
        ExecutionRequest request = Requests.Execution("sync", timeoutMs: 100, slotIndex: 0);

        Task<ExecutionOutcome> run = fake.RunAsync(request);
        fake.Timer.SetResult();

        // The handler still runs: a new execution must not get the slot yet.
        Assert.Empty(fake.SentEvents);
        handler.SetResult(Requests.Result());
        await Assert.ThrowsAsync<TaskExecutionFailedException>(() => run);
        Assert.Equal(ConcurrencySlots.InstanceId("sync", 0), Assert.Single(fake.SentEvents).InstanceId);
    }

    [Fact]
    public async Task Slot_WithoutOne_NothingIsSent()
    {
        var fake = new FakeOrchestration();
        fake.OnStage = _ => Task.FromResult(Requests.Result(error: HandlerFailure));

        await Assert.ThrowsAsync<TaskExecutionFailedException>(() => fake.RunAsync(Requests.Execution()));

        fake.Context.Verify(c => c.SendEvent(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object>()), Times.Never);
    }

    [Fact]
    public async Task NullArguments_AreRejected()
    {
        var fake = new FakeOrchestration();

        await Assert.ThrowsAsync<ArgumentNullException>(() => ExecutionOrchestrator.RunAsync(null!, Requests.Execution()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ExecutionOrchestrator.RunAsync(fake.Context.Object, null!));
    }

    private static TaskError Failure(int attempt) =>
        new("System.InvalidOperationException", $"boom {attempt}", ExecutionStage.Handler, attempt);
}
