using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>A stopping host lets short attempts finish, hands long ones back, and starts none.</summary>
public sealed class AttemptRunnerShutdownTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task InterruptAsync_AnAttemptThatFinishesWithinTheGrace_EndsAsItWould()
    {
        await using RunnerHost host = Build();
        var release = new TaskCompletionSource();
        host.Script.Handler = async (_, _) => await release.Task;
        Task<AttemptResult> attempt = host.RunAsync(Requests.Attempt(host.Execution("t")));
        await host.Script.HandlerStarted.Task.WaitAsync(Patience);

        Task stopping = host.Runner.InterruptAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        release.SetResult();

        Assert.Equal(AttemptOutcome.Succeeded, (await attempt.WaitAsync(Patience)).Outcome);
        await stopping.WaitAsync(Patience);
    }

    [Fact]
    public async Task InterruptAsync_AnAttemptStillRunningAfterTheGrace_IsHandedBackWithItsStartingItems()
    {
        await using RunnerHost host = Build();
        host.Script.Handler = (_, token) => Task.Delay(Timeout.Infinite, token);
        AttemptRequest request = Requests.Attempt(host.Execution("t"), attempt: 2, items: Requests.Items(("k", 1)));
        Task<AttemptResult> attempt = host.RunAsync(request);
        await host.Script.HandlerStarted.Task.WaitAsync(Patience);

        await host.Runner.InterruptAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).WaitAsync(Patience);

        AttemptResult result = await attempt.WaitAsync(Patience);
        Assert.Equal(AttemptOutcome.Interrupted, result.Outcome);
        Assert.Equal(1, result.Items["k"].GetInt32());
        Assert.True(host.Script.HandlerToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_AnAttemptThatBeginsWhileTheHostStops_IsHandedBackWithoutRunningUserCode()
    {
        await using RunnerHost host = Build();
        await host.Runner.InterruptAsync(TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(Patience);

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")));

        Assert.Equal(AttemptOutcome.Interrupted, result.Outcome);
        Assert.Empty(host.Script.CallList);
        Assert.Empty(result.Logs);
    }

    private static RunnerHost Build() => new(b => b.AddTask<ScriptedHandler>("t"));
}
