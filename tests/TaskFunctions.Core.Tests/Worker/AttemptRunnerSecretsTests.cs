using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>
/// Secrets do not leak: the host's own log never carries an execution's params, and a before middleware can mask
/// fields in everything the handler logs.
/// </summary>
public sealed class AttemptRunnerSecretsTests
{
    [Fact]
    public async Task RunAsync_AFailingExecution_WritesNoParamsToTheHostsLog()
    {
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("t"));
        host.Script.Handler = (_, _) => throw new InvalidOperationException("could not sign in");
        ExecutionRequest execution = host.Execution("t") with { Params = Requests.Json("""{"password":"hunter2","token":"s3cr3t"}""") };

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.NotEmpty(host.Logs.Messages);
        Assert.All(host.Logs.Messages, m =>
        {
            Assert.DoesNotContain("hunter2", m.Text + m.Exception, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", m.Text + m.Exception, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RunAsync_ABeforeMiddlewareThatRedacts_MasksWhatTheHandlerLogs()
    {
        await using RunnerHost host = new(b => b.AddTask<ScriptedHandler>("t").UseMiddleware<RedactSecrets>());
        host.Script.Handler = (c, _) =>
        {
            c.Logs.Info("calling the API", new { url = "https://example.test", token = "s3cr3t" });
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")));

        var data = result.Logs.Single(e => e.Message == "calling the API").Data!.Value;
        Assert.Equal(TaskLog.RedactedValue, data.GetProperty("token").GetString());
        Assert.Equal("https://example.test", data.GetProperty("url").GetString());
    }

    private sealed class RedactSecrets : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.RedactFields("token", "password");
            return Task.CompletedTask;
        }
    }
}
