using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Orchestration;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class ExecuteFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<(TaskName Name, object? Input, StartOrchestrationOptions? Options)> _scheduled = [];
    private readonly ExecuteFunctions _functions;

    public ExecuteFunctionsTests()
    {
        _functions = TestHost.Create<ExecuteFunctions>(_services);
        _client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) => _scheduled.Add((name, input, options)))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Manual_schedules_the_execution_orchestrator_and_answers_202()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/manual", """{ "params": { "durationMs": 10, "steps": 2 } }""");

        HttpAnswer answer = await exchange.ExecuteAsync(await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "user-space-sync"));

        Assert.Equal(202, answer.StatusCode);
        var (name, input, options) = Assert.Single(_scheduled);
        Assert.Equal(ExecutionOrchestrator.Name, name.Name);
        ExecutionRequest request = Assert.IsType<ExecutionRequest>(input);
        Assert.Equal("user-space-sync", request.TaskName);
        Assert.Equal(TriggerKind.Manual, request.Trigger);
        Assert.NotNull(request.Params);
        Assert.Equal(10, request.Params.Value.GetProperty("durationMs").GetInt32());
        Assert.Equal(2, request.Params.Value.GetProperty("steps").GetInt32());
        Assert.Equal(30000, request.TimeoutMs);
        Assert.True(request.Plan.After);

        string executionId = answer.Body.GetProperty("executionId").GetString()!;
        Assert.Equal(executionId, options?.InstanceId);
        Assert.Equal(executionId, request.ExecutionId);
        Assert.StartsWith(ExecutionIds.TaskPrefix("user-space-sync"), executionId, StringComparison.Ordinal);
        Assert.Equal("/tasks/running/execution/" + executionId, answer.Headers.Location.ToString());
        Assert.Equal("user-space-sync", answer.Body.GetProperty("taskName").GetString());
        Assert.Equal("manual", answer.Body.GetProperty("trigger").GetString());
        Assert.Equal("running", answer.Body.GetProperty("status").GetString());
        Assert.Equal(request.StartedAt, answer.Body.GetProperty("startedAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Api_schedules_with_the_api_trigger_and_accepts_an_empty_body()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/feishu-sync/execute/api");

        HttpAnswer answer = await exchange.ExecuteAsync(await _functions.ExecuteApiAsync(exchange.Request, _client.Object, "feishu-sync"));

        Assert.Equal(202, answer.StatusCode);
        ExecutionRequest request = Assert.IsType<ExecutionRequest>(Assert.Single(_scheduled).Input);
        Assert.Equal("feishu-sync", request.TaskName);
        Assert.Equal(TriggerKind.Api, request.Trigger);
        Assert.Null(request.Params);
        Assert.Equal("api", answer.Body.GetProperty("trigger").GetString());
        Assert.Equal(request.ExecutionId, answer.Body.GetProperty("executionId").GetString());
    }

    [Fact]
    public async Task Unknown_task_is_a_404_problem_and_schedules_nothing()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/no-such-task/execute/manual", """{ "params": {} }""");

        HttpAnswer answer = await exchange.ExecuteAsync(await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "no-such-task"));

        answer.AssertProblem(404);
        Assert.Contains("no-such-task", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_scheduled);
        Assert.False(answer.Headers.ContainsKey("Location"));
    }

    [Theory]
    [InlineData("{ \"params\": ")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"params\": [1] }")]
    [InlineData("{ \"params\": \"x\" }")]
    public async Task Bad_body_is_a_400_problem_and_schedules_nothing(string body)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/api", body);

        HttpAnswer answer = await exchange.ExecuteAsync(await _functions.ExecuteApiAsync(exchange.Request, _client.Object, "user-space-sync"));

        answer.AssertProblem(400);
        Assert.Empty(_scheduled);
    }

    [Fact]
    public async Task Each_start_gets_its_own_execution_id()
    {
        for (int i = 0; i < 3; i++)
        {
            HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/manual");
            HttpAnswer answer = await exchange.ExecuteAsync(await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "user-space-sync"));
            Assert.Equal(202, answer.StatusCode);
        }

        Assert.Equal(3, _scheduled.Select(s => s.Options!.InstanceId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(_scheduled, s => Assert.True(Guid.TryParse(s.Options!.InstanceId, out _)));
    }
}
