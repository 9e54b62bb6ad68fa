using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>
/// Each start trigger hands its request, route task name, trigger kind and durable client to the core: the
/// mocked client the trigger is given is the one that schedules the execution. The HTTP contract itself is
/// tested against the facade (Core.Tests, TaskApiTests) and end to end (LocalHost.Tests).
/// </summary>
public sealed class ExecuteFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly InstanceStore _store;
    private readonly ExecuteFunctions _functions;

    public ExecuteFunctionsTests()
    {
        _functions = TestHost.Create<ExecuteFunctions>(_services);
        _store = new InstanceStore(_client);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ExecuteManual_SchedulesTheRouteTaskWithTheManualTriggerOnItsClientAndAnswers202()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/feishu-sync/execute/manual", """{ "params": { "steps": 2 } }""");

        await exchange.ExecuteAsync(await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "feishu-sync"));

        Assert.Equal(202, exchange.StatusCode);
        ExecutionRequest scheduled = Scheduled();
        Assert.Equal("feishu-sync", scheduled.TaskName);
        Assert.Equal(TriggerKind.Manual, scheduled.Trigger);
        Assert.Equal(2, scheduled.Params!.Value.GetProperty("steps").GetInt32());
        Assert.Equal(scheduled.ExecutionId, exchange.Json().GetProperty("executionId").GetString());
    }

    [Fact]
    public async Task ExecuteApi_SchedulesTheRouteTaskWithTheApiTriggerOnItsClientAndAnswers202()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/api", """{ "params": { "steps": 3 } }""");

        await exchange.ExecuteAsync(await _functions.ExecuteApiAsync(exchange.Request, _client.Object, "user-space-sync"));

        Assert.Equal(202, exchange.StatusCode);
        ExecutionRequest scheduled = Scheduled();
        Assert.Equal("user-space-sync", scheduled.TaskName);
        Assert.Equal(TriggerKind.Api, scheduled.Trigger);
        Assert.Equal(3, scheduled.Params!.Value.GetProperty("steps").GetInt32());
        Assert.Equal(scheduled.ExecutionId, exchange.Json().GetProperty("executionId").GetString());
    }

    [Fact]
    public async Task ReplayExecution_ReplaysTheRouteExecutionOnItsClientAndAnswers202()
    {
        ExecutionRequest original = Requests.Execution("feishu-sync", parameters: Requests.Json("""{ "steps": 2 }"""));
        _store.Add(ProtocolNames.ExecutionOrchestrator, original.ExecutionId, original, Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed);
        HttpExchange exchange = HttpExchange.Create(_services, "POST", $"/tasks/running/execution/{original.ExecutionId}/replay");

        await exchange.ExecuteAsync(await _functions.ReplayExecutionAsync(exchange.Request, _client.Object, original.ExecutionId));

        Assert.Equal(202, exchange.StatusCode);
        ExecutionRequest scheduled = Scheduled();
        Assert.Equal("feishu-sync", scheduled.TaskName);
        Assert.Equal(TriggerKind.Replay, scheduled.Trigger);
        Assert.Equal(original.ExecutionId, scheduled.ReplayOf);
        Assert.Equal(2, scheduled.Params!.Value.GetProperty("steps").GetInt32());
        Assert.Equal(scheduled.ExecutionId, exchange.Json().GetProperty("executionId").GetString());
    }

    private ExecutionRequest Scheduled() =>
        Assert.IsType<ExecutionRequest>(Assert.Single(_store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input);
}
