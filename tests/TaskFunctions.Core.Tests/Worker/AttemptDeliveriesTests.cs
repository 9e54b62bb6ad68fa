using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>Attempts the host's storage hands out a second time: recorded by the host, said in the attempt's result and batches.</summary>
public sealed class AttemptDeliveriesTests
{
    [Fact]
    public void Record_AnAttemptHandedOutAgain_IsTakenOnceForItsExecution()
    {
        var deliveries = new AttemptDeliveries();

        deliveries.Record(ProtocolNames.AttemptActivity, "e1", 2);

        Assert.False(deliveries.TakeRunsAgain("e2"));
        Assert.True(deliveries.TakeRunsAgain("e1"));
        Assert.False(deliveries.TakeRunsAgain("e1"));
    }

    [Theory]
    [InlineData(ProtocolNames.AttemptActivity, 1)]
    [InlineData(ProtocolNames.AttemptActivity, 0)]
    [InlineData("ArchiveExecutionLog", 3)]
    public void Record_FirstDeliveryOrAnotherActivity_IsNotKept(string activity, long deliveryCount)
    {
        var deliveries = new AttemptDeliveries();

        deliveries.Record(activity, "e1", deliveryCount);

        Assert.False(deliveries.TakeRunsAgain("e1"));
    }

    [Fact]
    public async Task RunAsync_AttemptHandedOutAgain_SaysSoInItsBatchesAndResultAndOnlyForThatRun()
    {
        await using RunnerHost host = new(tasks => tasks.AddTask<ScriptedHandler>("t"));
        ExecutionRequest execution = host.Execution("t");
        host.Script.Handler = async (c, _) =>
        {
            c.Logs.Info("one");
            await RunnerHost.WaitUntilAsync(() => host.Batches(execution.ExecutionId).Length > 0);
        };
        host.Deliveries.Record(ProtocolNames.AttemptActivity, execution.ExecutionId, 2);

        AttemptResult again = await host.RunAsync(Requests.Attempt(execution));

        Assert.True(again.RunsAgain);
        Assert.All(host.Batches(execution.ExecutionId), b => Assert.True(b.RunsAgain));

        // The next run of the execution's attempt was not handed out before.
        Assert.False((await host.RunAsync(Requests.Attempt(execution))).RunsAgain);
    }
}
