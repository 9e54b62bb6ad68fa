using System.Diagnostics;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>
/// The execution's deadline: the attempt's token fires at it, the timeout is recorded, and a handler that will not
/// stop is left behind. The test clock stands still, so timestamps are exact; timers run in real time.
/// </summary>
public sealed class AttemptRunnerDeadlineTests
{
    private const int TimeoutMs = 300;

    [Fact]
    public async Task RunAsync_HandlerHonoursItsToken_ReturnsFailedWithTheTimeoutEntryStampedAtTheDeadline()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = async (c, token) =>
        {
            c.Logs.Info("working");
            await Task.Delay(Timeout.Infinite, token);
        };
        TaskError? seenError = null;
        bool errorTokenFired = true;
        host.Script.Error = (c, token) =>
        {
            seenError = c.Error;
            errorTokenFired = token.IsCancellationRequested;
            return Task.CompletedTask;
        };
        ExecutionRequest execution = host.Execution("t", TimeoutMs);
        var stopwatch = Stopwatch.StartNew();

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        stopwatch.Stop();
        Assert.True(stopwatch.ElapsedMilliseconds >= TimeoutMs - 50, $"timed out after {stopwatch.ElapsedMilliseconds} ms");
        Assert.True(host.Script.HandlerToken.IsCancellationRequested);
        Assert.True(host.Script.HandlerEnded.Task.IsCompleted);
        Assert.False(result.HandlerAbandoned);

        // Timeouts are not retried, even with a retry policy.
        var expected = new TaskError("System.TimeoutException", "任务执行超时 (300ms)", ExecutionStage.Handler, 1);
        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.RetryDelay);
        Assert.Equal(["working", LogMessages.TimedOut(TimeoutMs)], result.Logs.Select(e => e.Message));
        LogEntry timedOut = result.Logs[1];
        Assert.Equal(TaskLogLevel.Error, timedOut.Level);
        Assert.Equal(AttemptRunner.TimeoutErrorType, timedOut.Data!.Value.GetProperty("type").GetString());
        Assert.Equal("System.TimeoutException", timedOut.Data!.Value.GetProperty("type").GetString());
        Assert.Equal("handler", timedOut.Data!.Value.GetProperty("stage").GetString());

        // The clock stands still before the deadline: the entry is not stamped before it.
        Assert.Equal(execution.StartedAt.AddMilliseconds(TimeoutMs), timedOut.Timestamp);

        Assert.Equal(["before", "handler", "error"], host.Script.CallList);
        Assert.Equal(expected, seenError);
        Assert.False(errorTokenFired);
    }

    [Fact]
    public async Task RunAsync_SystemClock_TimeoutEntryIsNeverStampedBeforeTheDeadline()
    {
        await using RunnerHost host = Build(clock: TimeProvider.System);
        host.Script.Handler = (_, token) => Task.Delay(Timeout.Infinite, token);
        ExecutionRequest execution = host.Execution("t", TimeoutMs);

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        LogEntry timedOut = Assert.Single(result.Logs);
        Assert.Equal(LogMessages.TimedOut(TimeoutMs), timedOut.Message);
        Assert.True(
            timedOut.Timestamp >= execution.StartedAt.AddMilliseconds(TimeoutMs),
            $"stamped {timedOut.Timestamp:O}, deadline {execution.StartedAt.AddMilliseconds(TimeoutMs):O}");
    }

    [Fact]
    public async Task RunAsync_DeadlineInAfterMiddleware_RecordsTheTimeoutInTheAfterStage()
    {
        await using RunnerHost host = Build();
        host.Script.After = (_, token) => Task.Delay(Timeout.Infinite, token);

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t", TimeoutMs), attempt: 2));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal(new TaskError("System.TimeoutException", LogMessages.TimedOut(TimeoutMs), ExecutionStage.After, 2), result.Error);
        Assert.Equal(["handler", "after", "error"], host.Script.CallList);
    }

    [Fact]
    public async Task RunAsync_DeadlinePassedBeforeTheAttemptStarts_RecordsTheTimeoutWithoutRunningUserCode()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t", TimeoutMs, startedAt: Requests.Start.AddMinutes(-1));

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal("System.TimeoutException", result.Error!.Type);
        Assert.Equal(1, result.Error.Attempt);
        LogEntry timedOut = Assert.Single(result.Logs);
        Assert.Equal("任务执行超时 (300ms)", timedOut.Message);
        Assert.Equal(TaskLogLevel.Error, timedOut.Level);
        Assert.Equal(Requests.Start, timedOut.Timestamp);

        // Neither the before middleware nor the handler ran; the error middleware did.
        Assert.Equal(["error"], host.Script.CallList);
        Assert.False(host.Script.HandlerStarted.Task.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_HandlerThrowsTimeoutExceptionBeforeTheDeadline_IsAnOrdinaryRetriedFailure()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (_, _) => throw new TimeoutException("upstream did not answer");

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t", 30_000)));

        Assert.Equal(AttemptOutcome.Retry, result.Outcome);
        Assert.Equal(new TaskError("System.TimeoutException", "upstream did not answer", ExecutionStage.Handler, 1), result.Error);
        Assert.Equal(TimeSpan.FromMilliseconds(500), result.RetryDelay);
        Assert.Equal([LogMessages.AttemptFailed(1), LogMessages.Retrying(2, 500)], result.Logs.Select(e => e.Message));
        Assert.DoesNotContain("error", host.Script.CallList);
    }

    [Fact]
    public async Task RunAsync_HandlerIgnoresItsToken_IsAbandonedAfterTheGracePeriodAndItsLateEntriesAreSent()
    {
        await using RunnerHost host = Build(o => o.StopGracePeriod = TimeSpan.FromMilliseconds(200));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Script.Handler = async (c, _) =>
        {
            c.Logs.Info("early");

            // Ignores its token: returns only when the test lets it.
            await release.Task;
            c.Logs.Info("late 1");
            c.Logs.Warn("late 2");
        };
        ExecutionRequest execution = host.Execution("t", TimeoutMs);
        var stopwatch = Stopwatch.StartNew();

        AttemptResult result;
        try
        {
            result = await host.RunAsync(Requests.Attempt(execution));
            stopwatch.Stop();

            // The attempt ended without the handler: deadline, then the grace period, not the handler's return.
            Assert.False(host.Script.HandlerEnded.Task.IsCompleted);
            Assert.True(stopwatch.ElapsedMilliseconds >= TimeoutMs + 200 - 50, $"returned after {stopwatch.ElapsedMilliseconds} ms");
            Assert.True(host.Script.HandlerToken.IsCancellationRequested);
        }
        finally
        {
            release.TrySetResult();
        }

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.True(result.HandlerAbandoned);
        Assert.Equal("System.TimeoutException", result.Error!.Type);
        Assert.Equal(["early", LogMessages.TimedOut(TimeoutMs)], result.Logs.Select(e => e.Message));

        // Once the handler returns, what it wrote since goes to the orchestration as one late batch.
        await RunnerHost.WaitUntilAsync(() => host.Batches(execution.ExecutionId, ProtocolNames.LateLogEvent).Length > 0);
        LiveLogBatch late = Assert.Single(host.Batches(execution.ExecutionId, ProtocolNames.LateLogEvent));
        Assert.Equal(1, late.Attempt);
        Assert.Equal(result.RunId, late.RunId);
        Assert.Equal(result.Logs.Count, late.From);
        Assert.Equal(["late 1", "late 2"], late.Entries.Select(e => e.Message));
        Assert.Equal([TaskLogLevel.Info, TaskLogLevel.Warn], late.Entries.Select(e => e.Level));

        // Nothing more of an abandoned attempt runs: the after middleware never sees the handler's return.
        Assert.Equal(["before", "handler", "error"], host.Script.CallList);
        Assert.DoesNotContain(host.Batches(execution.ExecutionId), b => b.Entries.Any(e => e.Message.StartsWith("late", StringComparison.Ordinal)));
    }

    private static RunnerHost Build(Action<WorkerOptions>? options = null, TimeProvider? clock = null) =>
        new(
            b => b.AddTask<ScriptedHandler>("t", o => o.Retry = new TaskRetryPolicy(maxAttempts: 3, firstDelay: TimeSpan.FromMilliseconds(500), backoffCoefficient: 2))
                .UseMiddleware<ScriptedBefore>()
                .UseMiddleware<ScriptedAfter>()
                .UseMiddleware<ScriptedError>(),
            options,
            clock);
}
