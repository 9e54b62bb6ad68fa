using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

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

    /// <summary>Gets the executions scheduled (not the concurrency slots or idempotency claims).</summary>
    private List<InstanceStore.Start> Scheduled => [.. _store.Created.Where(s => s.Name == ProtocolNames.ExecutionOrchestrator)];

    [Fact]
    public async Task Manual_schedules_the_execution_orchestrator_and_answers_202()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/manual", """{ "params": { "durationMs": 10, "steps": 2 } }""");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "user-space-sync"));

        Assert.Equal(202, answer.StatusCode);
        InstanceStore.Start start = Assert.Single(Scheduled);
        ExecutionRequest request = Assert.IsType<ExecutionRequest>(start.Input);
        Assert.Equal("user-space-sync", request.TaskName);
        Assert.Equal(TriggerKind.Manual, request.Trigger);
        Assert.NotNull(request.Params);
        Assert.Equal(10, request.Params.Value.GetProperty("durationMs").GetInt32());
        Assert.Equal(2, request.Params.Value.GetProperty("steps").GetInt32());
        Assert.Equal(30000, request.TimeoutMs);
        Assert.True(request.Plan.After);
        Assert.Equal(0, request.SlotIndex);

        string executionId = answer.Body.GetProperty("executionId").GetString()!;
        Assert.Equal(executionId, start.InstanceId);
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

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ExecuteApiAsync(exchange.Request, _client.Object, "feishu-sync"));

        Assert.Equal(202, answer.StatusCode);
        ExecutionRequest request = Assert.IsType<ExecutionRequest>(Assert.Single(Scheduled).Input);
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

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "no-such-task"));

        answer.AssertProblem(404);
        Assert.Contains("no-such-task", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_store.Created);
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

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ExecuteApiAsync(exchange.Request, _client.Object, "user-space-sync"));

        answer.AssertProblem(400);
        Assert.Empty(_store.Created);
    }

    [Fact]
    public async Task Each_start_gets_its_own_execution_id()
    {
        for (int i = 0; i < 3; i++)
        {
            // The sample runs one at a time: free its slot as the previous execution would on finishing.
            _store.Add(ProtocolNames.SlotOrchestrator, InstanceIds.Slot("user-space-sync", 0), null, OrchestrationRuntimeStatus.Completed);
            HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/manual");
            HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "user-space-sync"));
            Assert.Equal(202, answer.StatusCode);
        }

        Assert.Equal(3, Scheduled.Select(s => s.InstanceId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Scheduled, s => Assert.True(Guid.TryParse(s.InstanceId, out _)));
    }

    [Fact]
    public async Task A_second_start_while_the_sample_runs_is_a_409_problem_naming_the_running_execution()
    {
        HttpExchange first = HttpExchange.Create(_services, "POST", "/tasks/feishu-sync/execute/api");
        HttpAnswer running = await HttpAnswer.OfAsync(first, await _functions.ExecuteApiAsync(first.Request, _client.Object, "feishu-sync"));
        HttpExchange second = HttpExchange.Create(_services, "POST", "/tasks/feishu-sync/execute/api");

        HttpAnswer answer = await HttpAnswer.OfAsync(second, await _functions.ExecuteApiAsync(second.Request, _client.Object, "feishu-sync"));

        answer.AssertProblem(409);
        Assert.Equal([running.Body.GetProperty("executionId").GetString()!], answer.Strings("runningExecutionIds"));
        Assert.Single(Scheduled);
        Assert.False(answer.Headers.ContainsKey("Location"));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_answers_200_with_the_first_execution()
    {
        HttpExchange first = HttpExchange.Create(_services, "POST", "/tasks/feishu-sync/execute/api", """{ "params": {}, "timeoutMs": 5000 }""");
        first.Request.Headers["Idempotency-Key"] = "sync-2025-11-25";
        HttpAnswer accepted = await HttpAnswer.OfAsync(first, await _functions.ExecuteApiAsync(first.Request, _client.Object, "feishu-sync"));
        HttpExchange repeat = HttpExchange.Create(_services, "POST", "/tasks/feishu-sync/execute/api", """{ "params": {} }""");
        repeat.Request.Headers["Idempotency-Key"] = "sync-2025-11-25";

        HttpAnswer answer = await HttpAnswer.OfAsync(repeat, await _functions.ExecuteApiAsync(repeat.Request, _client.Object, "feishu-sync"));

        Assert.Equal(202, accepted.StatusCode);
        Assert.Equal(200, answer.StatusCode);
        string executionId = accepted.Body.GetProperty("executionId").GetString()!;
        Assert.Equal(executionId, answer.Body.GetProperty("executionId").GetString());
        Assert.Equal("/tasks/running/execution/" + executionId, answer.Headers.Location.ToString());
        Assert.Equal(5000, Assert.IsType<ExecutionRequest>(Assert.Single(Scheduled).Input).TimeoutMs);
    }

    [Fact]
    public async Task A_timeout_above_the_tasks_is_a_400_problem_and_schedules_nothing()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/user-space-sync/execute/manual", """{ "timeoutMs": 30001 }""");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ExecuteManualAsync(exchange.Request, _client.Object, "user-space-sync"));

        answer.AssertProblem(400);
        Assert.Contains("timeoutMs", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }
}
