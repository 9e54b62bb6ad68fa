using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class AttemptActivityTests
{
    [Fact]
    public async Task RunAsync_RunsTheAttemptThroughTheRunnerWithTheHostsClient()
    {
        await using var host = new RunnerHost(b => b.AddTask<ScriptedHandler>("hello"));
        ExecutionRequest execution = host.Execution("hello");
        host.Script.Handler = async (c, _) =>
        {
            c.Logs.Info("hello");

            // The entry reaches the execution through the client the activity was given.
            await RunnerHost.WaitUntilAsync(() => !host.Raised.IsEmpty);
        };
        var activity = new AttemptActivity(host.Runner, host.Client.Object);
        AttemptRequest request = Requests.Attempt(execution, attempt: 2);

        AttemptResult result = await activity.RunAsync(new Mock<TaskActivityContext>().Object, request).WaitAsync(RunnerHost.Patience);

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["hello", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
        Assert.Equal(2, host.Script.Contexts.Single().Attempt);
        LiveLogBatch batch = host.Batches(execution.ExecutionId)[0];
        Assert.Equal((2, result.RunId, 0), (batch.Attempt, batch.RunId, batch.From));
        Assert.Equal("hello", batch.Entries[0].Message);
        host.Client.Verify(
            c => c.RaiseEventAsync(execution.ExecutionId, ProtocolNames.LiveLogEvent, It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.AtLeastOnce);
    }

    [Fact]
    public async Task RunAsync_ACancelOnThisHost_ReachesTheActivitysAttempt()
    {
        await using var host = new RunnerHost(b => b.AddTask<ScriptedHandler>("hello"));
        ExecutionRequest execution = host.Execution("hello");
        host.Script.Handler = (_, token) => Task.Delay(Timeout.Infinite, token);
        var activity = new AttemptActivity(host.Runner, host.Client.Object);

        Task<AttemptResult> run = activity.RunAsync(new Mock<TaskActivityContext>().Object, Requests.Attempt(execution));
        await host.Script.HandlerStarted.Task.WaitAsync(RunnerHost.Patience);
        Assert.True(host.Local.Cancel(execution.ExecutionId));

        AttemptResult result = await run.WaitAsync(RunnerHost.Patience);
        Assert.Equal(AttemptOutcome.Cancelled, result.Outcome);
    }
}
