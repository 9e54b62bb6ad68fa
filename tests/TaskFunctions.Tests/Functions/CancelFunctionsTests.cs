using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class CancelFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<string> _terminated = [];
    private readonly CancelFunctions _functions;

    public CancelFunctionsTests()
    {
        _functions = TestHost.Create<CancelFunctions>(_services);
        _client
            .Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((string id, TerminateInstanceOptions? _, CancellationToken _) =>
            {
                lock (_terminated)
                {
                    _terminated.Add(id);
                }
            })
            .Returns(Task.CompletedTask);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ByIds_terminates_only_running_executions()
    {
        string running = Instances.NewId("user-space-sync");
        string finished = Instances.NewId("user-space-sync");
        string missing = Instances.NewId("feishu-sync");
        SetupInstance(running, Instances.Execution(running, "user-space-sync", OrchestrationRuntimeStatus.Running));
        _client
            .Setup(c => c.GetInstanceAsync(InstanceIds.Slot("user-space-sync", 0), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProtocolNames.SlotOrchestrator, InstanceIds.Slot("user-space-sync", 0))
            {
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                SerializedInput = JsonDataConverter.Default.Serialize(new SlotLease(running, "user-space-sync", 0)),
                DataConverter = JsonDataConverter.Default,
            });
        SetupInstance(finished, Instances.Execution(finished, "user-space-sync", OrchestrationRuntimeStatus.Completed));
        SetupInstance(missing, null);
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{running}}", "{{finished}}", "{{missing}}"] }""");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.CancelByIdsAsync(exchange.Request, _client.Object));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal([running], answer.Strings("cancelled"));
        Assert.Equal([missing], answer.Strings("notFound"));
        Assert.Equal([finished], answer.Strings("notRunning"));
        Assert.Equal([running], _terminated);

        // The cancelled execution's slot is freed, so the sample can be started again at once.
        _client.Verify(
            c => c.RaiseEventAsync(InstanceIds.Slot("user-space-sync", 0), ProtocolNames.ReleaseSlotEvent, running, It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{ \"executionIds\": \"x\" }")]
    [InlineData("{ \"executionIds\": [1] }")]
    public async Task ByIds_with_a_bad_body_is_a_400_problem_and_cancels_nothing(string body)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/by-ids", body);

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.CancelByIdsAsync(exchange.Request, _client.Object));

        answer.AssertProblem(400);
        Assert.Empty(_terminated);
        _client.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ByTaskNames_terminates_the_active_executions_of_known_tasks()
    {
        string userSpace = Instances.NewId("user-space-sync");
        OrchestrationQuery? query = null;
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Callback((OrchestrationQuery? q) => query = q)
            .Returns(Instances.OnePage(Instances.Execution(userSpace, "user-space-sync", OrchestrationRuntimeStatus.Running)));
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/by-task-names", """{ "taskNames": ["user-space-sync", "no-such-task"] }""");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.CancelByTaskNamesAsync(exchange.Request, _client.Object));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal([userSpace], answer.Strings("cancelled"));
        Assert.Equal(["no-such-task"], answer.Strings("taskNotFound"));
        Assert.Equal([userSpace], _terminated);
        Assert.NotNull(query);
        Assert.Equal(ExecutionIds.TaskPrefix("user-space-sync"), query.InstanceIdPrefix);
        Assert.Equal(ExecutionStatuses.Active.Order(), query.Statuses!.Order());
    }

    [Fact]
    public async Task ByTaskNames_with_an_empty_list_answers_200_and_cancels_nothing()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/by-task-names", """{ "taskNames": [] }""");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.CancelByTaskNamesAsync(exchange.Request, _client.Object));

        Assert.Equal(200, answer.StatusCode);
        Assert.Empty(_terminated);
    }

    [Fact]
    public async Task All_terminates_every_active_execution_and_counts_them()
    {
        string first = Instances.NewId("user-space-sync");
        string second = Instances.NewId("feishu-sync");
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Returns(Instances.OnePage(
                Instances.Execution(first, "user-space-sync", OrchestrationRuntimeStatus.Running),
                Instances.Execution(second, "feishu-sync", OrchestrationRuntimeStatus.Pending),
                new OrchestrationMetadata(ProtocolNames.LogArchiveOrchestrator, InstanceIds.LogChunk(first, 0)) { RuntimeStatus = OrchestrationRuntimeStatus.Running }));
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/all");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.CancelAllAsync(exchange.Request, _client.Object));

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(2, answer.Body.GetProperty("count").GetInt32());
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), _terminated.Order(StringComparer.Ordinal));
    }

    /// <summary>Sets what the instance reads; a running one reads terminated once it has been terminated.</summary>
    private void SetupInstance(string id, OrchestrationMetadata? instance) =>
        _client
            .Setup(c => c.GetInstanceAsync(id, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                lock (_terminated)
                {
                    return Task.FromResult(instance is not null && _terminated.Contains(id)
                        ? Instances.Execution(id, instance.ReadInputAs<ExecutionRequest>()!.TaskName, OrchestrationRuntimeStatus.Terminated)
                        : instance);
                }
            });
}
