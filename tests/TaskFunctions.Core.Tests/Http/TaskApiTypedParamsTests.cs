using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>
/// A start of a task that declares its params type: the facade's starter refuses params that do not fit before it
/// reads or writes anything, and the API answers 400 with what it said.
/// </summary>
public sealed class TaskApiTypedParamsTests : IDisposable
{
    private static readonly TaskCatalog Catalog = new(
    [
        new TaskDefinition("sync", typeof(object), new TaskDefinitionOptions { ParamsType = typeof(SimulatedSyncParams), ConcurrencyLimit = 1 }),
    ]);

    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly Mock<TaskExecutionClient> _executions = new();
    private readonly TaskApi _api = new(Catalog);

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("""{"params":{"durationMs":"soon"}}""", "'params.durationMs' does not fit the params of the task 'sync': it must be a whole number")]
    [InlineData("""{"params":{"steps":-1}}""", "'params.steps' does not fit the params of the task 'sync': The field params.steps must be between 1 and 1000.")]
    [InlineData("""{"params":{"durationMs":700000}}""", "'params.durationMs' does not fit the params of the task 'sync': The field params.durationMs must be between 0 and 600000.")]
    public async Task ExecuteAsync_ParamsThatDoNotFit_Is400AndTouchesNoInstance(string body, string detail)
    {
        var durable = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        var executions = new DefaultTaskExecutionClient(
            durable.Object,
            Catalog,
            new MiddlewarePipeline([]),
            new TestClock(Requests.Start),
            new LocalCancellation(),
            new ExecutionFeeds(TimeSpan.FromSeconds(1), TimeProvider.System),
            new TaskExecutionClientOptions(),
            new RetentionOptions());
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/sync/execute/manual", body);
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = "order-1";

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "sync", TriggerKind.Manual, executions));

        // A strict mock throws at any call: no claim read, no slot taken, no execution scheduled.
        Assert.StartsWith(detail, exchange.Problem(400), StringComparison.Ordinal);
        durable.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ExecuteAsync_TheFacadeFindsTheParamsInvalid_Is400WithWhatItSaid()
    {
        _executions
            .Setup(e => e.StartAsync("sync", It.IsAny<StartRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(StartResult.Invalid("'params.steps' is required by the task 'sync'."));
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/sync/execute/manual", """{"params":{}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "sync", TriggerKind.Manual, _executions.Object));

        Assert.Equal("'params.steps' is required by the task 'sync'.", exchange.Problem(400));
    }

    [Fact]
    public async Task ExecuteAsync_ParamsThatFit_StartTheTaskWithThemAsSent()
    {
        StartRequest? started = null;
        _executions
            .Setup(e => e.StartAsync("sync", It.IsAny<StartRequest>(), It.IsAny<CancellationToken>()))
            .Callback<string, StartRequest, CancellationToken>((_, request, _) => started = request)
            .ReturnsAsync(StartResult.Accepted(new ExecutionAccepted("550e8400-e29b-41d4-a716-446655440000", "sync", TriggerKind.Manual, ExecutionStatus.Running, Requests.Start)));
        HttpExchange exchange = HttpExchange.Create(_services, "POST", "/tasks/sync/execute/manual", """{"params":{"steps":2,"note":"n"}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "sync", TriggerKind.Manual, _executions.Object));

        Assert.Equal(202, exchange.StatusCode);
        Assert.Equal("""{"steps":2,"note":"n"}""", started!.Params!.Value.GetRawText());
    }
}
