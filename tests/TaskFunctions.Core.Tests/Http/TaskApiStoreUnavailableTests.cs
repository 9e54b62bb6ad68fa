using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>Every route answers 503 with <c>Retry-After</c> when the task store is unavailable, never a 500 or a hang.</summary>
public sealed class TaskApiStoreUnavailableTests : IDisposable
{
    private const string Id = "550e8400-e29b-41d4-a716-446655440000";
    private static readonly TaskApi Api = new(new TaskCatalog([new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions())]));
    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly Mock<TaskExecutionClient> _executions = new();

    public TaskApiStoreUnavailableTests()
    {
        var down = new TaskStoreUnavailableException("The task store did not answer within 5 s.");
        _executions.Setup(e => e.StartAsync(It.IsAny<string>(), It.IsAny<StartRequest>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.GetAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.ListAsync(It.IsAny<string>(), It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.CancelAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.CancelTasksAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.CancelAllAsync(It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.ReplayAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
        _executions.Setup(e => e.PurgeAsync(It.IsAny<PurgeQuery>(), It.IsAny<CancellationToken>())).ThrowsAsync(down);
    }

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("start")]
    [InlineData("get")]
    [InlineData("list")]
    [InlineData("list-with-token")]
    [InlineData("cancel-by-ids")]
    [InlineData("cancel-by-task-names")]
    [InlineData("cancel-all")]
    [InlineData("replay")]
    [InlineData("purge")]
    public async Task EveryRoute_TheStoreUnavailable_Is503WithRetryAfter(string route)
    {
        (HttpExchange exchange, Task<Microsoft.AspNetCore.Http.IResult> answer) = route switch
        {
            "start" => Call("POST", "/tasks/alpha/execute/api", "{}", null, (r, e) => Api.ExecuteAsync(r, "alpha", TriggerKind.Api, e)),
            "get" => Call("GET", $"/tasks/running/execution/{Id}", null, null, (r, e) => Api.GetExecutionAsync(r, Id, e)),
            "list" => Call("GET", "/tasks/running/alpha", null, null, (r, e) => Api.ListExecutionsAsync(r, "alpha", e)),
            "list-with-token" => Call("GET", "/tasks/running/alpha", null, "?continuationToken=t", (r, e) => Api.ListExecutionsAsync(r, "alpha", e)),
            "cancel-by-ids" => Call("DELETE", "/tasks/executions/cancel/by-ids", $$"""{"executionIds":["{{Id}}"]}""", null, (r, e) => Api.CancelByIdsAsync(r, e)),
            "cancel-by-task-names" => Call("DELETE", "/tasks/executions/cancel/by-task-names", """{"taskNames":["alpha"]}""", null, (r, e) => Api.CancelByTaskNamesAsync(r, e)),
            "replay" => Call("POST", $"/tasks/running/execution/{Id}/replay", null, null, (r, e) => Api.ReplayAsync(r, Id, e)),
            "purge" => Call("DELETE", "/tasks/executions/purge", null, "?before=2025-11-25T11:05:00Z", (r, e) => Api.PurgeAsync(r, e)),
            _ => Call("DELETE", "/tasks/executions/cancel/all", null, null, (r, e) => Api.CancelAllAsync(r, e)),
        };

        await exchange.ExecuteAsync(await answer);

        Assert.Equal("The task store did not answer within 5 s.", exchange.Problem(503));
        Assert.Equal("5", exchange.Response.Headers.RetryAfter.ToString());
    }

    private (HttpExchange Exchange, Task<Microsoft.AspNetCore.Http.IResult> Answer) Call(
        string method,
        string path,
        string? body,
        string? query,
        Func<Microsoft.AspNetCore.Http.HttpRequest, TaskExecutionClient, Task<Microsoft.AspNetCore.Http.IResult>> handler)
    {
        HttpExchange exchange = HttpExchange.Create(_services, method, path, body, query);
        return (exchange, handler(exchange.Request, _executions.Object));
    }
}
