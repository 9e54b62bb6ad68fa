using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Telemetry;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>
/// An execution's entries also reach the host's log: category <c>TaskFunctions.Execution</c>, the entry's level,
/// the execution in the scope, as stored (masked fields masked), and not at all when switched off.
/// </summary>
public sealed class ExecutionHostLogTests
{
    [Fact]
    public async Task RunAsync_EntriesOfEachLevel_ReachTheHostsLogAtTheirLevelInTheExecutionsScope()
    {
        var logs = new ScopedLogs(TaskFunctionsTelemetry.ExecutionLogCategory);
        await using RunnerHost host = new(b => Register(b, logs));
        host.Script.Handler = (c, _) =>
        {
            c.Logs.Debug("looking");
            c.Logs.Info("found 3", new { count = 3 });
            c.Logs.Warn("one was stale");
            c.Logs.Error("one was refused");
            return Task.CompletedTask;
        };
        ExecutionRequest execution = host.Execution("t");

        await host.RunAsync(Requests.Attempt(execution, attempt: 2));

        ScopedLogs.Message[] messages = [.. logs.Messages];
        Assert.Equal(
            [
                (LogLevel.Debug, 501, "looking"),
                (LogLevel.Information, 502, "found 3"),
                (LogLevel.Warning, 503, "one was stale"),
                (LogLevel.Error, 504, "one was refused"),
                (LogLevel.Information, 502, LogMessages.Succeeded),
            ],
            messages.Select(m => (m.Level, m.EventId, m.Text[(m.Text.IndexOf(": ", StringComparison.Ordinal) + 2)..])));
        Assert.All(messages, m =>
        {
            Assert.StartsWith($"Execution {execution.ExecutionId}: ", m.Text, StringComparison.Ordinal);
            Assert.Equal(execution.ExecutionId, m.Scope["ExecutionId"]);
            Assert.Equal("t", m.Scope["TaskName"]);
            Assert.Equal(2, m.Scope["Attempt"]);
        });
        Assert.Equal("""{"count":3}""", messages[1].Scope["Data"]);
        Assert.False(messages[0].Scope.ContainsKey("Data"));
    }

    [Fact]
    public async Task RunAsync_AFailure_ReachesTheHostsLogAsItsErrorEntryAndTheErrorMiddlewaresEntries()
    {
        var logs = new ScopedLogs(TaskFunctionsTelemetry.ExecutionLogCategory);
        await using RunnerHost host = new(b => Register(b, logs).UseMiddleware<ScriptedError>());
        host.Script.Handler = (_, _) => throw new InvalidOperationException("boom");
        host.Script.Error = (c, _) =>
        {
            c.Logs.Warn("paging on-call");
            return Task.CompletedTask;
        };

        await host.RunAsync(Requests.Attempt(host.Execution("t")));

        Assert.Equal(
            [(LogLevel.Error, LogMessages.Failed), (LogLevel.Warning, "paging on-call")],
            logs.Messages.Select(m => (m.Level, m.Text[(m.Text.IndexOf(": ", StringComparison.Ordinal) + 2)..])));
        Assert.Contains("boom", (string)logs.Messages.First().Scope["Data"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FieldsTheLogMasks_ReachTheHostsLogMaskedAndParamsNever()
    {
        var logs = new ScopedLogs(TaskFunctionsTelemetry.ExecutionLogCategory);
        await using RunnerHost host = new(b => Register(b, logs).UseMiddleware<RedactToken>());
        host.Script.Handler = (c, _) =>
        {
            c.Logs.Info("calling the API", new { url = "https://example.test", token = "s3cr3t" });
            return Task.CompletedTask;
        };
        ExecutionRequest execution = host.Execution("t") with { Params = Requests.Json("""{"password":"hunter2"}""") };

        await host.RunAsync(Requests.Attempt(execution));

        ScopedLogs.Message call = Assert.Single(logs.Messages, m => m.Text.EndsWith("calling the API", StringComparison.Ordinal));
        Assert.Equal("""{"url":"https://example.test","token":"***"}""", call.Scope["Data"]);
        Assert.All(logs.Messages, m =>
        {
            string everything = m.Text + string.Join(' ', m.Scope.Values);
            Assert.DoesNotContain("s3cr3t", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", everything, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RunAsync_SwitchedOff_WritesNoEntryToTheHostsLog()
    {
        var logs = new ScopedLogs(TaskFunctionsTelemetry.ExecutionLogCategory);
        await using RunnerHost host = new(b => Register(b, logs), o => o.LogEntriesToHost = false);
        host.Script.Handler = (c, _) =>
        {
            c.Logs.Error("not for the host");
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")));

        Assert.Contains(result.Logs, e => e.Message == "not for the host");
        Assert.Empty(logs.Messages);
    }

    private static TaskFunctionsBuilder Register(TaskFunctionsBuilder builder, ScopedLogs logs)
    {
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        return builder.AddTask<ScriptedHandler>("t");
    }

    private sealed class RedactToken : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.RedactFields("token");
            return Task.CompletedTask;
        }
    }
}
