using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class ExecutionQueryFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly ExecutionQueryFunctions _functions;

    public ExecutionQueryFunctionsTests()
    {
        _functions = TestHost.Create<ExecutionQueryFunctions>(_services);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task GetExecution_maps_a_terminated_instance_to_cancelled_with_its_logs()
    {
        string id = Instances.NewId("user-space-sync");
        var lastUpdated = new DateTimeOffset(2025, 11, 25, 11, 5, 7, TimeSpan.Zero);
        ExecutionSnapshot snapshot = Instances.Snapshot(ExecutionStatus.Running, null, "开始执行任务 (超时限制: 30000ms)", "step 1");
        _client
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Instances.Execution(id, "user-space-sync", OrchestrationRuntimeStatus.Terminated, snapshot, lastUpdated));

        HttpAnswer answer = await GetAsync(id);

        Assert.Equal(200, answer.StatusCode);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal(id, answer.Body.GetProperty("executionId").GetString());
        Assert.Equal("user-space-sync", answer.Body.GetProperty("taskName").GetString());
        Assert.Equal("manual", answer.Body.GetProperty("trigger").GetString());
        Assert.Equal("cancelled", answer.Body.GetProperty("status").GetString());
        Assert.Equal("2025-11-25T11:05:00Z", answer.Body.GetProperty("startedAt").GetString());
        Assert.Equal("2025-11-25T11:05:07Z", answer.Body.GetProperty("finishedAt").GetString());
        string[] messages = [.. answer.Body.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("message").GetString()!)];
        Assert.Equal(["开始执行任务 (超时限制: 30000ms)", "step 1", "任务已取消"], messages);
        Assert.Equal("warn", answer.Body.GetProperty("logs")[2].GetProperty("level").GetString());
        Assert.Equal("info", answer.Body.GetProperty("logs")[0].GetProperty("level").GetString());
        _client.Verify(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending, null, "running")]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatus.Running, "running")]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatus.Failed, "failed")]
    [InlineData(OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed, "completed")]
    [InlineData(OrchestrationRuntimeStatus.Failed, ExecutionStatus.Failed, "failed")]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ExecutionStatus.Running, "cancelled")]
    public async Task GetExecution_maps_the_runtime_status(OrchestrationRuntimeStatus runtimeStatus, ExecutionStatus? decided, string expected)
    {
        string id = Instances.NewId("feishu-sync");
        ExecutionSnapshot? snapshot = decided is { } status
            ? Instances.Snapshot(status, status == ExecutionStatus.Running ? null : Instances.StartedAt.AddSeconds(3), "開始")
            : null;
        _client
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Instances.Execution(id, "feishu-sync", runtimeStatus, snapshot));

        HttpAnswer answer = await GetAsync(id);

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(expected, answer.Body.GetProperty("status").GetString());
        Assert.Equal(expected == "running", !answer.Body.TryGetProperty("finishedAt", out _));
    }

    [Fact]
    public async Task GetExecution_normalizes_the_id()
    {
        string id = Instances.NewId("user-space-sync");
        _client
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Instances.Execution(id, "user-space-sync", OrchestrationRuntimeStatus.Running));

        HttpAnswer answer = await GetAsync(id.ToUpperInvariant());

        Assert.Equal(200, answer.StatusCode);
        Assert.Equal(id, answer.Body.GetProperty("executionId").GetString());
    }

    [Fact]
    public async Task GetExecution_of_an_unknown_id_is_a_404_problem()
    {
        string id = Instances.NewId("user-space-sync");
        _client
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);

        HttpAnswer answer = await GetAsync(id);

        answer.AssertProblem(404);
        _client.Verify(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task GetExecution_of_an_instance_that_is_not_an_execution_is_a_404_problem()
    {
        string id = Instances.NewId("user-space-sync");
        _client
            .Setup(c => c.GetInstanceAsync(id, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("SomethingElse", id) { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        HttpAnswer answer = await GetAsync(id);

        answer.AssertProblem(404);
    }

    [Fact]
    public async Task GetExecution_of_an_id_that_cannot_exist_is_a_404_problem_without_a_lookup()
    {
        HttpAnswer answer = await GetAsync("not-a-uuid");

        answer.AssertProblem(404);
        _client.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task ListTaskExecutions_queries_the_task_prefix_and_returns_the_page_and_its_token()
    {
        string running = Instances.NewId("user-space-sync");
        OrchestrationQuery? query = null;
        List<string?> tokens = [];
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Callback((OrchestrationQuery? q) => query = q)
            .Returns(Pageable.Create((string? token, int? _, CancellationToken _) =>
            {
                tokens.Add(token);
                return Task.FromResult(new Page<OrchestrationMetadata>(
                    [
                        Instances.Execution(running, "user-space-sync", OrchestrationRuntimeStatus.Running, Instances.Snapshot(ExecutionStatus.Running, null, "a")),
                        new OrchestrationMetadata(ProtocolNames.LogArchiveOrchestrator, "log:x:00000") { RuntimeStatus = OrchestrationRuntimeStatus.Completed },
                    ],
                    "token-2"));
            }));
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/user-space-sync", query: "?status=running&limit=5&continuationToken=token-1");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ListTaskExecutionsAsync(exchange.Request, _client.Object, "user-space-sync"));

        Assert.Equal(200, answer.StatusCode);
        var item = Assert.Single(answer.Body.EnumerateArray());
        Assert.Equal(running, item.GetProperty("executionId").GetString());
        Assert.Equal("running", item.GetProperty("status").GetString());
        Assert.Equal("token-2", answer.Headers["x-ms-continuation-token"].ToString());
        Assert.Equal(["token-1"], tokens);
        Assert.NotNull(query);
        Assert.Equal(ExecutionIds.TaskPrefix("user-space-sync"), query.InstanceIdPrefix);
        Assert.Equal(5, query.PageSize);
        Assert.True(query.FetchInputsAndOutputs);
        OrchestrationRuntimeStatus[] active = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];
        Assert.Equal(active.Order(), query.Statuses!.Order());
    }

    [Fact]
    public async Task ListTaskExecutions_of_an_unknown_task_is_a_404_problem_without_a_query()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/no-such-task");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ListTaskExecutionsAsync(exchange.Request, _client.Object, "no-such-task"));

        answer.AssertProblem(404);
        _client.Verify(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()), Times.Never);
    }

    [Theory]
    [InlineData("?status=done")]
    [InlineData("?limit=0")]
    [InlineData("?from=yesterday")]
    public async Task ListTaskExecutions_with_a_bad_query_is_a_400_problem(string queryString)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/user-space-sync", query: queryString);

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, await _functions.ListTaskExecutionsAsync(exchange.Request, _client.Object, "user-space-sync"));

        answer.AssertProblem(400);
        _client.Verify(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()), Times.Never);
    }

    private async Task<HttpAnswer> GetAsync(string executionId)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/execution/" + executionId);
        return await HttpAnswer.OfAsync(exchange, await _functions.GetExecutionAsync(exchange.Request, _client.Object, executionId));
    }
}
