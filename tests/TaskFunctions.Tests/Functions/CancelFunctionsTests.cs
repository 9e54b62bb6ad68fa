using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>Each cancel trigger hands its request and its durable client to the core: the mocked client terminates.</summary>
public sealed class CancelFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly CancelFunctions _functions;

    public CancelFunctionsTests()
    {
        _functions = TestHost.Create<CancelFunctions>(_services);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task CancelByIds_TerminatesTheSentExecutionOnItsClient()
    {
        ExecutionRequest execution = Requests.Execution("feishu-sync");
        int reads = 0;
        _client
            .Setup(c => c.GetInstanceAsync(execution.ExecutionId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => Instance(execution, ++reads == 1 ? OrchestrationRuntimeStatus.Running : OrchestrationRuntimeStatus.Terminated));
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{execution.ExecutionId}}"] }""");

        await exchange.ExecuteAsync(await _functions.CancelByIdsAsync(exchange.Request, _client.Object));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(execution.ExecutionId, Assert.Single(exchange.Json().GetProperty("cancelled").EnumerateArray()).GetString());
        _client.Verify(c => c.TerminateInstanceAsync(execution.ExecutionId, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task CancelByTaskNames_TerminatesTheSentTasksExecutionsOnItsClient()
    {
        ExecutionRequest execution = Requests.Execution("user-space-sync");
        OrchestrationQuery? query = null;
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Callback<OrchestrationQuery?>(q => query = q)
            .Returns(Pages.Of(Instance(execution, OrchestrationRuntimeStatus.Running)));
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/by-task-names", """{ "taskNames": ["user-space-sync"] }""");

        await exchange.ExecuteAsync(await _functions.CancelByTaskNamesAsync(exchange.Request, _client.Object));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(execution.ExecutionId, Assert.Single(exchange.Json().GetProperty("cancelled").EnumerateArray()).GetString());
        Assert.Equal(ExecutionIds.TaskPrefix("user-space-sync"), query!.InstanceIdPrefix);
        _client.Verify(c => c.TerminateInstanceAsync(execution.ExecutionId, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task CancelAll_TerminatesEveryRunningExecutionOnItsClient()
    {
        ExecutionRequest first = Requests.Execution("user-space-sync");
        ExecutionRequest second = Requests.Execution("feishu-sync");
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pages.Of(Instance(first, OrchestrationRuntimeStatus.Running), Instance(second, OrchestrationRuntimeStatus.Running)));
        HttpExchange exchange = HttpExchange.Create(_services, "DELETE", "/tasks/executions/cancel/all");

        await exchange.ExecuteAsync(await _functions.CancelAllAsync(exchange.Request, _client.Object));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(2, exchange.Json().GetProperty("count").GetInt32());
        _client.Verify(c => c.TerminateInstanceAsync(first.ExecutionId, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        _client.Verify(c => c.TerminateInstanceAsync(second.ExecutionId, It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    private static OrchestrationMetadata Instance(ExecutionRequest execution, OrchestrationRuntimeStatus status) =>
        InstanceStore.Instance(ProtocolNames.ExecutionOrchestrator, execution.ExecutionId, execution, status);
}
