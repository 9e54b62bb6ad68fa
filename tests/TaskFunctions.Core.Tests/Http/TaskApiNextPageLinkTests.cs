using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Http;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>A task's list points to its next page with an RFC 8288 <c>Link</c> header as well as the continuation token header.</summary>
public sealed class TaskApiNextPageLinkTests : IDisposable
{
    private readonly ServiceProvider _services = HttpExchange.Services(new TestClock(Requests.Start), b => b.AddSampleTasks());
    private readonly Mock<TaskExecutionClient> _executions = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListExecutions_WithMorePages_LinksTheNextPageWithTheSameFilters()
    {
        _executions
            .Setup(c => c.ListAsync(FeishuSyncTask.Name, It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ExecutionPage([], "next/+= token"));

        HttpExchange exchange = await List("?status=running&limit=5&continuationToken=old");

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("next/+= token", exchange.Response.Headers[TaskApiRoutes.ContinuationHeader].ToString());
        Assert.Equal(
            $"</tasks/running/{FeishuSyncTask.Name}?status=running&limit=5&continuationToken=next%2F%2B%3D%20token>; rel=\"next\"",
            exchange.Response.Headers.Link.ToString());
    }

    [Fact]
    public async Task ListExecutions_OnTheLastPage_HasNoLink()
    {
        _executions
            .Setup(c => c.ListAsync(FeishuSyncTask.Name, It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ExecutionPage([], null));

        HttpExchange exchange = await List(null);

        Assert.Equal(200, exchange.StatusCode);
        Assert.False(exchange.Response.Headers.ContainsKey("Link"));
        Assert.False(exchange.Response.Headers.ContainsKey(TaskApiRoutes.ContinuationHeader));
    }

    private async Task<HttpExchange> List(string? query)
    {
        string path = $"/tasks/running/{FeishuSyncTask.Name}";
        HttpExchange exchange = HttpExchange.Create(_services, "GET", path, body: (string?)null, query: query);
        return await exchange.ExecuteAsync(await _services.GetRequiredService<TaskApi>().ListExecutionsAsync(exchange.Request, FeishuSyncTask.Name, _executions.Object));
    }
}
