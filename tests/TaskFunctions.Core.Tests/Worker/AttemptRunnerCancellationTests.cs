using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>Cancelling a running attempt: on this host at once, from another host through the instance's status.</summary>
public sealed class AttemptRunnerCancellationTests
{
    /// <summary>A remote cancel is noticed within a few polls; far more on a loaded machine still passes.</summary>
    private static readonly TimeSpan RemoteCancelBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task RunAsync_CancelledOnThisHost_FiresTheHandlersTokenAtOnceAndReturnsCancelled()
    {
        // Status reads would take an hour: only the in-process cancel can stop the handler.
        await using RunnerHost host = Build(o => o.CancellationPollInterval = TimeSpan.FromHours(1));
        ExecutionRequest execution = host.Execution("t");
        Task<AttemptResult> run = host.RunAsync(Requests.Attempt(execution, attempt: 3));
        await host.Script.HandlerStarted.Task.WaitAsync(RunnerHost.Patience);
        Assert.False(host.Script.HandlerToken.IsCancellationRequested);

        Assert.True(host.Local.Cancel(execution.ExecutionId));

        Assert.True(host.Script.HandlerToken.IsCancellationRequested);
        AttemptResult result = await run;
        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        Assert.Null(result.Error);
        Assert.Null(result.RetryDelay);
        Assert.False(result.HandlerAbandoned);

        // No failure entry and no error middleware: a cancelled execution has not failed.
        Assert.Equal(["working"], result.Logs.Select(e => e.Message));
        Assert.Equal(["handler"], host.Script.CallList);

        // The attempt is no longer registered once it returned.
        Assert.False(host.Local.Cancel(execution.ExecutionId));
        Assert.Empty(host.Local.ExecutionIds);
        Assert.Equal(0, host.ReadsOf(execution.ExecutionId));
    }

    [Fact]
    public async Task RunAsync_CancelledDuringBeforeMiddleware_ReturnsCancelledWithoutRunningTheHandler()
    {
        await using RunnerHost host = Build();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Script.Before = async (_, token) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        };
        ExecutionRequest execution = host.Execution("t");
        Task<AttemptResult> run = host.RunAsync(Requests.Attempt(execution));
        await started.Task.WaitAsync(RunnerHost.Patience);

        host.Local.Cancel(execution.ExecutionId);

        AttemptResult result = await run;
        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        Assert.Equal(["before"], host.Script.CallList);
        Assert.Empty(result.Logs);
    }

    [Fact]
    public async Task RunAsync_TheHostsTokenFires_ReturnsCancelled()
    {
        await using RunnerHost host = Build();
        using var hostToken = new CancellationTokenSource();
        Task<AttemptResult> run = host.Runner.RunAsync(Requests.Attempt(host.Execution("t")), host.Client.Object, hostToken.Token);
        await host.Script.HandlerStarted.Task.WaitAsync(RunnerHost.Patience);

        await hostToken.CancelAsync();

        AttemptResult result = await run.WaitAsync(RunnerHost.Patience);
        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        Assert.True(host.Script.HandlerToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_InstanceTerminatedByAnotherHost_FiresTheHandlersTokenWithinAFewPolls()
    {
        await using RunnerHost host = Build();
        int terminated = 0;
        host.ReadInstance = id => Task.FromResult<OrchestrationMetadata?>(RunnerHost.Instance(
            id,
            Volatile.Read(ref terminated) == 1 ? OrchestrationRuntimeStatus.Terminated : OrchestrationRuntimeStatus.Running));
        ExecutionRequest execution = host.Execution("t");
        Task<AttemptResult> run = host.RunAsync(Requests.Attempt(execution));
        await host.Script.HandlerStarted.Task.WaitAsync(RunnerHost.Patience);

        // While the instance reads running, the attempt goes on.
        await RunnerHost.WaitUntilAsync(() => host.ReadsOf(execution.ExecutionId) >= 2);
        Assert.False(run.IsCompleted);
        Assert.False(host.Script.HandlerToken.IsCancellationRequested);
        var stopwatch = Stopwatch.StartNew();
        Volatile.Write(ref terminated, 1);

        AttemptResult result = await run.WaitAsync(RemoteCancelBound);

        stopwatch.Stop();
        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        Assert.True(host.Script.HandlerToken.IsCancellationRequested);
        Assert.Equal(["working"], result.Logs.Select(e => e.Message));
        Assert.Equal(["before", "handler"], host.Script.CallList);
        Assert.True(host.Logs.Any(202), "the cancel is logged");
        host.Client.Verify(
            c => c.GetInstanceAsync(It.IsNotIn(execution.ExecutionId), It.IsAny<bool>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task RunAsync_InstanceGone_ReturnsCancelled()
    {
        await using RunnerHost host = Build();
        host.ReadInstance = _ => Task.FromResult<OrchestrationMetadata?>(null);

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")), RemoteCancelBound);

        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        Assert.True(host.Script.HandlerToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_AStatusReadThrows_IsLoggedAndPollingGoesOn()
    {
        await using RunnerHost host = Build();
        int reads = 0;
        host.ReadInstance = id => Interlocked.Increment(ref reads) == 1
            ? Task.FromException<OrchestrationMetadata?>(new IOException("storage hiccup"))
            : Task.FromResult<OrchestrationMetadata?>(RunnerHost.Instance(id, OrchestrationRuntimeStatus.Terminated));

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("t")), RemoteCancelBound);

        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
        Assert.True(Volatile.Read(ref reads) >= 2, $"read {reads} times");
        CapturedLogs.Message failedRead = Assert.Single(host.Logs.Messages, m => m.EventId == 203);
        Assert.IsType<IOException>(failedRead.Exception);
    }

    [Fact]
    public async Task RunAsync_InstanceRunningThroughout_LeavesTheAttemptAlone()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t");
        host.Script.Handler = async (c, token) =>
        {
            c.Logs.Info("working");
            await RunnerHost.WaitUntilAsync(() => host.ReadsOf(execution.ExecutionId) >= 3);
            token.ThrowIfCancellationRequested();
        };

        AttemptResult result = await host.RunAsync(Requests.Attempt(execution));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["working", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
    }

    private static RunnerHost Build(Action<WorkerOptions>? options = null)
    {
        var host = new RunnerHost(b => b.AddTask<ScriptedHandler>("t").UseMiddleware<ScriptedBefore>().UseMiddleware<ScriptedError>(), options);
        host.Script.Handler = async (c, token) =>
        {
            c.Logs.Info("working");
            await Task.Delay(Timeout.Infinite, token);
        };
        return host;
    }
}
