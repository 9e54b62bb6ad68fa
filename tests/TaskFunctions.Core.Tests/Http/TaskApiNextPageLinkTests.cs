using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Http;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>A task's list points to its next page with an RFC 8288 <c>Link</c> header as well as the continuation token header.</summary>
public sealed class TaskApiNextPageLinkTests : IDisposable
{
    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly Mock<TaskExecutionClient> _executions = new();

    private static TaskApi Api { get; } = new(new TaskCatalog([new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions())]));

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListExecutions_WithMorePages_LinksTheNextPageWithTheSameFilters()
    {
        _executions
            .Setup(c => c.ListAsync("alpha", It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ExecutionPage([], "next/+= token"));

        HttpExchange exchange = await List("?status=running&limit=5&continuationToken=old");

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("next/+= token", exchange.Response.Headers[TaskApiRoutes.ContinuationHeader].ToString());
        Assert.Equal(
            "</tasks/running/alpha?status=running&limit=5&continuationToken=next%2F%2B%3D%20token>; rel=\"next\"",
            exchange.Response.Headers.Link.ToString());
    }

    [Fact]
    public async Task ListExecutions_OnTheLastPage_HasNoLink()
    {
        _executions
            .Setup(c => c.ListAsync("alpha", It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ExecutionPage([], null));

        HttpExchange exchange = await List(null);

        Assert.Equal(200, exchange.StatusCode);
        Assert.False(exchange.Response.Headers.ContainsKey("Link"));
        Assert.False(exchange.Response.Headers.ContainsKey(TaskApiRoutes.ContinuationHeader));
    }

    private async Task<HttpExchange> List(string? query)
    {
        string path = "/tasks/running/alpha";
        HttpExchange exchange = HttpExchange.Create(_services, "GET", path, body: (string?)null, query: query);
        return await exchange.ExecuteAsync(await Api.ListExecutionsAsync(exchange.Request, "alpha", _executions.Object));
    }
}
