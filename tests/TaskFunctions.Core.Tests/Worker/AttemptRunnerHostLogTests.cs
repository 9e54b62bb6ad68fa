using Microsoft.Extensions.Logging;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Protocol;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>
/// One failure, told once: the worker's own log names a failed execution once, at error level, with its id (the
/// execution's error entry also reaches the host's log, under its own category: see <see cref="ExecutionHostLogTests"/>).
/// </summary>
public sealed class AttemptRunnerHostLogTests
{
    [Fact]
    public async Task RunAsync_TheLastAttemptFails_LogsOneErrorWithTheExecutionIdAndTheUsersException()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (_, _) => throw new InvalidOperationException("boom");
        ExecutionRequest execution = host.Execution("t");

        await host.RunAsync(Requests.Attempt(execution, attempt: 2));

        CapturedLogs.Message error = Assert.Single(WorkerMessages(host), m => m.Level >= LogLevel.Error);
        Assert.Equal(108, error.EventId);
        Assert.Contains(execution.ExecutionId, error.Text, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: boom", error.Text, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.DoesNotContain(host.Logs.Messages, m => m.EventId == 102);
    }

    [Fact]
    public async Task RunAsync_AnAttemptThatIsRetried_IsAWarningNotAnError()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (_, _) => throw new InvalidOperationException("boom");

        await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: 1));

        Assert.Equal(LogLevel.Warning, Assert.Single(host.Logs.Messages, m => m.EventId == 102).Level);
        Assert.DoesNotContain(host.Logs.Messages, m => m.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task RunAsync_TimedOut_LogsOneErrorWithTheExecutionId()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t", timeoutMs: 1_000, startedAt: Requests.Start.AddSeconds(-5));

        await host.RunAsync(Requests.Attempt(execution));

        CapturedLogs.Message error = Assert.Single(WorkerMessages(host), m => m.Level >= LogLevel.Error);
        Assert.Equal(109, error.EventId);
        Assert.Contains(execution.ExecutionId, error.Text, StringComparison.Ordinal);
    }

    private static IEnumerable<CapturedLogs.Message> WorkerMessages(RunnerHost host) =>
        host.Logs.Messages.Where(m => m.Category != TaskFunctionsTelemetry.ExecutionLogCategory);

    private static RunnerHost Build() =>
        new(b => b.AddTask<ScriptedHandler>("t", o => o.Retry = new TaskRetryPolicy(2, TimeSpan.FromMilliseconds(10))));
}
