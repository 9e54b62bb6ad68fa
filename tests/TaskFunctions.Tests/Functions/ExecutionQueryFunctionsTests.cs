using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>Each read trigger hands its request, its route value and its durable client to the core.</summary>
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
    public async Task GetExecution_ReadsTheRouteExecutionFromItsClient()
    {
        ExecutionRequest execution = Requests.Execution("feishu-sync");
        _client
            .Setup(c => c.GetInstanceAsync(execution.ExecutionId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(InstanceStore.Instance(ProtocolNames.ExecutionOrchestrator, execution.ExecutionId, execution, OrchestrationRuntimeStatus.Running));
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/execution/" + execution.ExecutionId);

        await exchange.ExecuteAsync(await _functions.GetExecutionAsync(exchange.Request, _client.Object, execution.ExecutionId));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(execution.ExecutionId, exchange.Json().GetProperty("executionId").GetString());
        Assert.Equal("feishu-sync", exchange.Json().GetProperty("taskName").GetString());
    }

    [Fact]
    public async Task ExecutionEvents_StreamsTheRouteExecutionReadFromItsClientAfterTheLastEventId()
    {
        ExecutionRequest execution = Requests.Execution("feishu-sync");
        OrchestrationMetadata instance = InstanceStore.Instance(ProtocolNames.ExecutionOrchestrator, execution.ExecutionId, execution, OrchestrationRuntimeStatus.Terminated);
        _client.Setup(c => c.GetInstanceAsync(execution.ExecutionId, true, It.IsAny<CancellationToken>())).ReturnsAsync(instance);
        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{execution.ExecutionId}/events");
        exchange.Request.Headers["Last-Event-ID"] = "0";

        await exchange.ExecuteAsync(await _functions.ExecutionEventsAsync(exchange.Request, _client.Object, execution.ExecutionId));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("text/event-stream", exchange.ContentType);
        string text = System.Text.Encoding.UTF8.GetString(((MemoryStream)exchange.Response.Body).ToArray());
        Assert.StartsWith("retry: 2000\nevent: execution\nid: 1\ndata: {", text, StringComparison.Ordinal);
        Assert.Contains($"\"executionId\":\"{execution.ExecutionId}\"", text, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"cancelled\"", text, StringComparison.Ordinal);
        _client.Verify(c => c.GetInstanceAsync(execution.ExecutionId, true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ListTaskExecutions_ListsTheRouteTasksExecutionsFromItsClientWithTheRequestsQuery()
    {
        ExecutionRequest execution = Requests.Execution("user-space-sync");
        OrchestrationQuery? query = null;
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Callback<OrchestrationQuery?>(q => query = q)
            .Returns(Pages.Of(InstanceStore.Instance(ProtocolNames.ExecutionOrchestrator, execution.ExecutionId, execution, OrchestrationRuntimeStatus.Running)));
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/user-space-sync", query: "?limit=7");

        await exchange.ExecuteAsync(await _functions.ListTaskExecutionsAsync(exchange.Request, _client.Object, "user-space-sync"));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(execution.ExecutionId, Assert.Single(exchange.Json().EnumerateArray()).GetProperty("executionId").GetString());
        Assert.NotNull(query);
        Assert.Equal(ExecutionIds.TaskPrefix("user-space-sync"), query.InstanceIdPrefix);
        Assert.Equal(7, query.PageSize);
    }
}
