using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>
/// The timer function hands its own durable client to the core's schedule runner, which the app registers from its
/// configuration: the mocked client it is given is the one that starts the due occurrence. What is due, and the
/// one-at-a-time rule, are tested in Core.Tests (ScheduleRunnerTests).
/// </summary>
public sealed class ScheduleFunctionsTests
{
    [Fact]
    public async Task RunAsync_StartsTheDueOccurrenceOfAConfiguredScheduleOnItsClient()
    {
        using ServiceProvider services = TestHost.CreateServices(settings: new Dictionary<string, string?>
        {
            ["TaskFunctions:Schedules:feishu-sync:every-minute:Cron"] = "* * * * *",
            ["TaskFunctions:Schedules:feishu-sync:every-minute:Params"] = """{ "durationMs": 0 }""",
        });
        var client = new Mock<DurableTaskClient>("test");
        InstanceStore store = new InstanceStore(client).AnswerQueries();
        ScheduleFunctions functions = TestHost.Create<ScheduleFunctions>(services);

        await functions.RunAsync(new TimerInfo(), client.Object, CancellationToken.None);

        var started = (ExecutionRequest)Assert.Single(store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input!;
        Assert.Equal("feishu-sync", started.TaskName);
        Assert.Equal(TriggerKind.Schedule, started.Trigger);
        Assert.Equal(0, started.Params!.Value.GetProperty("durationMs").GetInt32());
        Assert.Single(store.Created, s => s.Name == ProtocolNames.KeyClaimOrchestrator);
    }

    [Fact]
    public async Task RunAsync_WithoutSchedules_TouchesNothing()
    {
        using ServiceProvider services = TestHost.CreateServices();
        var client = new Mock<DurableTaskClient>("test");

        await TestHost.Create<ScheduleFunctions>(services).RunAsync(new TimerInfo(), client.Object, CancellationToken.None);

        Assert.Empty(client.Invocations);
    }
}
