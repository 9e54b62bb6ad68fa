using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>An attempt that succeeds: stages, order, one context, entries and items.</summary>
public sealed class AttemptRunnerTests
{
    [Fact]
    public async Task RunAsync_FirstAttempt_RunsBeforeHandlerAfterInOrderInOneContext()
    {
        await using RunnerHost host = Build();
        host.Script.Before = (c, _) => Write(c, "before");
        host.Script.Handler = (c, _) => Write(c, "handler");
        host.Script.After = (c, _) => Write(c, "after");
        LogEntry earlier = Requests.Entry(LogMessages.Started(30_000));
        ExecutionRequest execution = host.Execution("t");

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution, logs: [earlier], omittedLogCount: 4));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["before", "handler", "after"], host.Script.CallList);
        TaskContext context = host.Script.Contexts.First();
        Assert.All(host.Script.Contexts, c => Assert.Same(context, c));
        Assert.Equal(execution.ExecutionId, context.ExecutionId);
        Assert.Equal(1, context.Attempt);
        Assert.Equal(4, context.Logs.OmittedCount);

        // Only what this attempt wrote comes back (not the earlier entry), in order, the success last.
        Assert.Equal(["before", "handler", "after", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
        LogEntry succeeded = result.Logs[^1];
        Assert.Equal(TaskLogLevel.Info, succeeded.Level);
        Assert.Null(succeeded.Data);
        Assert.All(result.Logs, e => Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, e.Timestamp));
        Assert.Null(result.Error);
        Assert.Null(result.RetryDelay);
        Assert.False(result.HandlerAbandoned);
        Assert.False(string.IsNullOrEmpty(result.RunId));
    }

    [Fact]
    public async Task RunAsync_EachStage_SeesItsOwnStageAndTheEntriesBeforeIt()
    {
        await using RunnerHost host = Build();
        var seen = new List<(ExecutionStage Stage, int LogCount)>();
        host.Script.Before = (c, _) => Record(c, "before");
        host.Script.Handler = (c, _) => Record(c, "handler");
        host.Script.After = (c, _) => Record(c, "after");

        await host.RunAsync(Requests.Attempt(host.Execution("t"), logs: [Requests.Entry("earlier")]));

        Assert.Equal([(ExecutionStage.Before, 1), (ExecutionStage.Handler, 2), (ExecutionStage.After, 3)], seen);

        Task Record(TaskContext context, string message)
        {
            seen.Add((context.Stage, context.Logs.Count));
            context.Logs.Info(message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task RunAsync_ItemsFlowBeforeToHandlerToAfter_ResultCarriesTheItemsTheBeforeMiddlewareLeft()
    {
        await using RunnerHost host = Build();
        int seenByHandler = 0;
        (int, string?) seenByAfter = default;
        host.Script.Before = (c, _) =>
        {
            c.Items.Set("token", 7);
            return Task.CompletedTask;
        };
        host.Script.Handler = (c, _) =>
        {
            seenByHandler = c.Items.Get<int>("token");
            c.Items.Set("fromHandler", "ok");
            return Task.CompletedTask;
        };
        host.Script.After = (c, _) =>
        {
            seenByAfter = (c.Items.Get<int>("token"), c.Items.Get<string>("fromHandler"));
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), items: Requests.Items(("fromRequest", 1))));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(7, seenByHandler);
        Assert.Equal((7, "ok"), seenByAfter);

        // The next attempt starts from what the before middleware left: not what the handler added.
        Assert.Equal(["fromRequest", "token"], result.Items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, result.Items["token"].GetInt32());
    }

    [Fact]
    public async Task RunAsync_SecondAttempt_SkipsBeforeMiddlewareAndStartsFromTheRequestsItems()
    {
        await using RunnerHost host = Build();
        int seenByHandler = 0;
        host.Script.Before = (c, _) =>
        {
            c.Items.Set("token", 99);
            return Task.CompletedTask;
        };
        host.Script.Handler = (c, _) =>
        {
            seenByHandler = c.Items.Get<int>("token");
            c.Items.Set("fromHandler", "ok");
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t"), attempt: 2, items: Requests.Items(("token", 7))));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["handler", "after"], host.Script.CallList);
        Assert.Equal(2, host.Script.Contexts.First().Attempt);
        Assert.Equal(7, seenByHandler);
        Assert.Equal(["token"], result.Items.Keys);
        Assert.Equal(7, result.Items["token"].GetInt32());
    }

    [Fact]
    public async Task RunAsync_NoMiddlewareRegistered_RunsTheHandlerOnly()
    {
        await using var host = new RunnerHost(b => b.AddTask<ScriptedHandler>("t"));
        host.Script.Handler = (c, _) => Write(c, "handler");

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["handler"], host.Script.CallList);
        Assert.Equal(["handler", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
    }

    [Fact]
    public async Task RunAsync_UnknownTask_ReturnsFailedNeverThrows()
    {
        await using RunnerHost host = Build();

        AttemptResult result = await host.RunAsync(Requests.Attempt(Requests.Execution("ghost")));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        Assert.NotNull(result.Error);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.Error.Type);
        Assert.Contains("'ghost'", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(LogMessages.Failed, Assert.Single(result.Logs).Message);
        Assert.Empty(host.Script.Calls);
    }

    [Fact]
    public async Task RunAsync_NullArguments_AreRejected()
    {
        await using RunnerHost host = Build();
        AttemptRequest request = Requests.Attempt(host.Execution("t"));

        await Assert.ThrowsAsync<ArgumentNullException>(() => host.Runner.RunAsync(request, null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => host.Runner.RunAsync(null!, host.Client.Object, CancellationToken.None));
        Assert.Empty(host.Script.Calls);
    }

    private static RunnerHost Build() =>
        new(b => b.AddTask<ScriptedHandler>("t").UseMiddleware<ScriptedBefore>().UseMiddleware<ScriptedAfter>());

    private static Task Write(TaskContext context, string message)
    {
        context.Logs.Info(message);
        return Task.CompletedTask;
    }
}
