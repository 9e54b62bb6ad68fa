using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>The status route serves the whole log with sequence numbers, or the entries after <c>?after=n</c>.</summary>
public sealed class TaskApiLogPagingTests : IDisposable
{
    private const string Id = "550e8400-e29b-41d4-a716-446655440000";
    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly Mock<TaskExecutionClient> _executions = new();

    private static TaskApi Api { get; } = new(new TaskCatalog([new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions())]));

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(null, 0)]
    [InlineData("0", 0)]
    [InlineData("41", 41)]
    public async Task GetExecution_PassesAfterToTheClient_AndServesEachEntrysSeq(string? after, int expected)
    {
        LogEntry entry = Requests.Entry("newest") with { Seq = 42 };
        _executions
            .Setup(c => c.GetAsync(Id, expected, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new ExecutionView(Id, "alpha", TriggerKind.Api, ExecutionStatus.Running, Requests.Start, null, [entry], LogCount: 42));

        HttpExchange exchange = await Get(after is null ? null : $"?after={after}");

        Assert.Equal(200, exchange.StatusCode);
        JsonElement body = exchange.Json();
        Assert.Equal(42, body.GetProperty("logCount").GetInt32());
        JsonElement served = Assert.Single(body.GetProperty("logs").EnumerateArray());
        Assert.Equal(42, served.GetProperty("seq").GetInt32());
        Assert.Equal("newest", served.GetProperty("message").GetString());
        Assert.Equal("seq", served.EnumerateObject().First().Name);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("99999999999")]
    public async Task GetExecution_AnAfterThatIsNotASeq_Is400AndReadsNothing(string after)
    {
        HttpExchange exchange = await Get($"?after={Uri.EscapeDataString(after)}");

        Assert.Equal(400, exchange.StatusCode);
        Assert.Contains("'after' must be the seq of a log entry", exchange.Json().GetProperty("detail").GetString(), StringComparison.Ordinal);
        _executions.VerifyNoOtherCalls();
    }

    private async Task<HttpExchange> Get(string? query)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{Id}", body: (string?)null, query: query);
        return await exchange.ExecuteAsync(await Api.GetExecutionAsync(exchange.Request, Id, _executions.Object));
    }
}
