using System.Diagnostics;
using System.Text.Json;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>An attempt whose user code throws: retries, the final failure, and the error middleware.</summary>
public sealed class AttemptRunnerFailureTests
{
    private static readonly TaskRetryPolicy Retry = new(maxAttempts: 3, firstDelay: TimeSpan.FromMilliseconds(500), backoffCoefficient: 2);

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    public async Task RunAsync_HandlerThrowsAndARetryIsLeft_ReturnsRetryWithTheBackoffDelay(int attempt, int delayMs)
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (c, _) =>
        {
            c.Logs.Info("working");
            throw new InvalidOperationException("boom");
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: attempt, items: Requests.Items(("token", 7))));

        Assert.Equal(AttemptOutcome.Retry, result.Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(delayMs), result.RetryDelay);
        Assert.Equal(new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, attempt), result.Error);
        Assert.Equal(
            ["working", LogMessages.AttemptFailed(attempt), LogMessages.Retrying(attempt + 1, delayMs)],
            result.Logs.Select(e => e.Message));
        Assert.Equal($"第 {attempt} 次尝试失败", result.Logs[1].Message);
        Assert.Equal($"{delayMs}ms 后重试 (第 {attempt + 1} 次尝试)", result.Logs[2].Message);

        LogEntry failed = result.Logs[1];
        Assert.Equal(TaskLogLevel.Warn, failed.Level);
        AssertError(failed.Data, "System.InvalidOperationException", "boom", "handler", attempt);
        LogEntry retrying = result.Logs[2];
        Assert.Equal(TaskLogLevel.Info, retrying.Level);
        Assert.Equal(attempt + 1, retrying.Data!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal(delayMs, retrying.Data!.Value.GetProperty("delayMs").GetInt64());

        // A retried attempt is not a failed execution: no error middleware, and the items carry over.
        Assert.Equal(attempt == 1 ? ["before", "handler"] : ["handler"], host.Script.CallList);
        Assert.Equal(7, result.Items["token"].GetInt32());
    }

    [Fact]
    public async Task RunAsync_LastAttemptThrows_ReturnsFailedAndRunsTheErrorMiddlewareAfterTheFailureEntry()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (c, _) =>
        {
            c.Logs.Info("working");
            throw new InvalidOperationException("boom");
        };
        TaskError? seenError = null;
        string[] seenLog = [];
        bool errorTokenFired = true;
        host.Script.Error = (c, token) =>
        {
            seenError = c.Error;
            seenLog = [.. c.Logs.Select(e => e.Message)];
            errorTokenFired = token.IsCancellationRequested;
            c.Logs.Warn("alerted");
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: 3, logs: [Requests.Entry("earlier")]));

        var expected = new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 3);
        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.RetryDelay);
        Assert.Equal(["working", LogMessages.Failed, "alerted"], result.Logs.Select(e => e.Message));
        LogEntry failed = result.Logs[1];
        Assert.Equal("任务执行失败", failed.Message);
        Assert.Equal(TaskLogLevel.Error, failed.Level);
        AssertError(failed.Data, "System.InvalidOperationException", "boom", "handler", 3);

        Assert.Equal(["handler", "error"], host.Script.CallList);
        Assert.Equal(expected, seenError);
        Assert.Equal(["earlier", "working", LogMessages.Failed], seenLog);
        Assert.False(errorTokenFired);
        Assert.Equal(ExecutionStage.Error, host.Script.Contexts.Last().Stage);
        Assert.Same(host.Script.Contexts.First().Logs, host.Script.Contexts.Last().Logs);
        Assert.Same(host.Script.Contexts.First().Items, host.Script.Contexts.Last().Items);
    }

    [Fact]
    public async Task RunAsync_HandlerThrowsWithoutARetryPolicy_ReturnsFailedOnTheFirstAttempt()
    {
        await using var host = new RunnerHost(b => b.AddTask<ScriptedHandler>("t").UseMiddleware<ScriptedError>());
        host.Script.Handler = (_, _) => throw new FormatException("bad input");

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal(new TaskError("System.FormatException", "bad input", ExecutionStage.Handler, 1), result.Error);
        Assert.Equal([LogMessages.Failed], result.Logs.Select(e => e.Message));
        Assert.Equal(["handler", "error"], host.Script.CallList);
    }

    [Fact]
    public async Task RunAsync_BeforeMiddlewareThrows_ReturnsFailedWithoutRetryAndNeverRunsTheHandler()
    {
        await using RunnerHost host = Build();
        host.Script.Before = (_, _) => throw new UnauthorizedAccessException("denied");
        TaskError? seenError = null;
        host.Script.Error = (c, _) =>
        {
            seenError = c.Error;
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), items: Requests.Items(("fromRequest", 1))));

        var expected = new TaskError("System.UnauthorizedAccessException", "denied", ExecutionStage.Before, 1);
        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.RetryDelay);
        Assert.Equal(["before", "error"], host.Script.CallList);
        Assert.Equal(expected, seenError);
        LogEntry failed = Assert.Single(result.Logs);
        Assert.Equal(LogMessages.Failed, failed.Message);
        AssertError(failed.Data, "System.UnauthorizedAccessException", "denied", "before", 1);
        Assert.Equal(["fromRequest"], result.Items.Keys);
    }

    [Fact]
    public async Task RunAsync_AfterMiddlewareThrows_ReturnsFailedWithoutRetry()
    {
        await using RunnerHost host = Build();
        host.Script.After = (_, _) => throw new IOException("disk full");

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: 2));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal(new TaskError("System.IO.IOException", "disk full", ExecutionStage.After, 2), result.Error);
        Assert.Null(result.RetryDelay);
        Assert.Equal(["handler", "after", "error"], host.Script.CallList);
        LogEntry failed = Assert.Single(result.Logs);
        Assert.Equal(LogMessages.Failed, failed.Message);
        AssertError(failed.Data, "System.IO.IOException", "disk full", "after", 2);
    }

    [Fact]
    public async Task RunAsync_ErrorMiddlewareThrows_IsLoggedAndTheAttemptStillFails()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (_, _) => throw new InvalidOperationException("boom");
        host.Script.Error = (_, _) => throw new IOException("alert channel down");

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: 3));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.Equal("boom", result.Error!.Message);
        Assert.Equal([LogMessages.Failed, LogMessages.ErrorMiddlewareFailed], result.Logs.Select(e => e.Message));
        Assert.Equal("System.IO.IOException", result.Logs[1].Data!.Value.GetProperty("type").GetString());
    }

    [Fact]
    public async Task RunAsync_ErrorMiddlewareIgnoresItsToken_IsLeftBehindAfterErrorStageTimeoutAndGrace()
    {
        await using RunnerHost host = Build(o =>
        {
            o.ErrorStageTimeout = TimeSpan.FromMilliseconds(300);
            o.StopGracePeriod = TimeSpan.FromMilliseconds(100);
        });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Script.Handler = (_, _) => throw new InvalidOperationException("boom");
        host.Script.Error = async (_, _) => await release.Task;
        var stopwatch = Stopwatch.StartNew();

        try
        {
            AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: 3));

            stopwatch.Stop();
            Assert.Equal(AttemptOutcome.Failed, result.Outcome);
            Assert.Equal("boom", result.Error!.Message);
            Assert.True(stopwatch.ElapsedMilliseconds >= 350, $"returned after {stopwatch.ElapsedMilliseconds} ms");
            Assert.Equal(["handler", "error"], host.Script.CallList);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private static RunnerHost Build(Action<WorkerOptions>? options = null) =>
        new(
            b => b.AddTask<ScriptedHandler>("t", o => o.Retry = Retry)
                .UseMiddleware<ScriptedBefore>()
                .UseMiddleware<ScriptedAfter>()
                .UseMiddleware<ScriptedError>(),
            options);

    private static void AssertError(JsonElement? data, string type, string message, string stage, int attempt)
    {
        Assert.NotNull(data);
        Assert.Equal(type, data.Value.GetProperty("type").GetString());
        Assert.Equal(message, data.Value.GetProperty("message").GetString());
        Assert.Equal(stage, data.Value.GetProperty("stage").GetString());
        Assert.Equal(attempt, data.Value.GetProperty("attempt").GetInt32());
    }
}
