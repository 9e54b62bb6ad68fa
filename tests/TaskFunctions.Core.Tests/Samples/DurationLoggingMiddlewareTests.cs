using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Samples;

public sealed class DurationLoggingMiddlewareTests
{
    private readonly TestClock _clock = new(Requests.Start.AddMilliseconds(1_250));

    [Fact]
    public async Task OnAfter_LogsElapsedTimeAndTheWholeLogCount()
    {
        TaskContext context = Requests.Context(Requests.Execution(), ExecutionStage.After, logs: [Requests.Entry("a"), Requests.Entry("b")], omittedLogCount: 10);

        await new DurationLoggingMiddleware(_clock).OnAfterAsync(context, CancellationToken.None);

        LogEntry entry = context.Logs[^1];
        Assert.Equal(TaskLogLevel.Debug, entry.Level);
        Assert.Equal("执行耗时 1250ms", entry.Message);
        Assert.Equal(1_250, entry.Data!.Value.GetProperty("elapsedMs").GetInt64());
        Assert.Equal(12, entry.Data.Value.GetProperty("logCount").GetInt32());
    }

    [Fact]
    public async Task OnError_LogsTheErrorType()
    {
        var error = new TaskError("System.TimeoutException", "late", ExecutionStage.Handler, 1);
        TaskErrorContext context = Requests.ErrorContext(Requests.Execution(), error);

        await new DurationLoggingMiddleware(_clock).OnErrorAsync(context, CancellationToken.None);

        LogEntry entry = Assert.Single(context.Logs);
        Assert.Equal("执行耗时 1250ms", entry.Message);
        Assert.Equal("System.TimeoutException", entry.Data!.Value.GetProperty("error").GetString());
    }
}
