using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>
/// The events route: what it refuses before the stream starts (with no call or one), and the stream it writes: the
/// execution first, as the status route answers it, then each new entry and the final status, and keep-alive comments
/// while nothing happens.
/// </summary>
public sealed class TaskApiEventsTests : IDisposable
{
    private const string Id = WatchedExecution.Id;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly Mock<TaskExecutionClient> _executions = new();
    private readonly ExecutionFeeds _feeds = new(TimeSpan.FromMilliseconds(10), TimeProvider.System);

    private static TaskApi Api { get; } = new(new TaskCatalog([new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions())]));

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Events_RunningExecution_StreamsItThenEachNewEntryThenTheFinalStatusAndEnds()
    {
        var execution = new WatchedExecution(entries: 3);
        ExecutionWatch watch = await execution.WatchAsync(_feeds, after: 1);
        _executions.Setup(c => c.WatchAsync(Id, 1, It.IsAny<CancellationToken>())).ReturnsAsync(watch);
        _executions.Setup(c => c.GetAsync(Id, 1, It.IsAny<CancellationToken>())).ReturnsAsync(watch.Execution);

        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{Id}/events");
        exchange.Request.Headers[TaskApi.LastEventIdHeader] = "1";
        Task streaming = exchange.ExecuteAsync(await Api.StreamExecutionEventsAsync(exchange.Request, Id, _executions.Object));
        await WaitForAsync(() => _feeds.Count == 1);
        execution.Write(2);
        execution.Finish(ExecutionStatus.Completed);
        await streaming.WaitAsync(Patience);

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("text/event-stream", exchange.ContentType);
        Assert.Equal("no-cache", exchange.Headers.CacheControl.ToString());
        IReadOnlyList<Block> events = Block.Parse(Body(exchange));
        Assert.Equal(["execution", "log", "log", "log", "status"], events.Select(e => e.Event));
        Assert.Equal("2000", events[0].Retry);
        Assert.Equal(["3", "4", "5", "6", null], events.Select(e => e.Id));
        Assert.True(JsonNode.DeepEquals(await StatusAnswerAsync("?after=1"), JsonNode.Parse(events[0].Data!)), events[0].Data);
        Assert.Equal([4, 5, 6], events.Skip(1).Take(3).Select(e => JsonNode.Parse(e.Data!)!["seq"]!.GetValue<int>()));
        Assert.Equal("entry 6", JsonNode.Parse(events[3].Data!)!["message"]!.GetValue<string>());
        Assert.Equal("""{"status":"completed","finishedAt":"2025-11-25T11:06:00Z"}""", events[4].Data);
        Assert.Equal(0, _feeds.Count);
    }

    [Fact]
    public async Task Events_FinishedExecution_StreamsItAndEnds()
    {
        var execution = new WatchedExecution(entries: 2);
        execution.Finish(ExecutionStatus.Failed);
        _executions.Setup(c => c.WatchAsync(Id, 0, It.IsAny<CancellationToken>())).ReturnsAsync(await execution.WatchAsync(_feeds));

        HttpExchange exchange = await Stream();

        Block only = Assert.Single(Block.Parse(Body(exchange)));
        Assert.Equal(("execution", "3"), (only.Event, only.Id));
        Assert.Equal("failed", JsonNode.Parse(only.Data!)!["status"]!.GetValue<string>());
        Assert.Equal(3, JsonNode.Parse(only.Data!)!["logs"]!.AsArray().Count);
    }

    [Fact]
    public async Task Events_NothingHappensForAWhile_SendsKeepAliveComments()
    {
        var api = new TaskApi(new TaskCatalog([])) { KeepAlive = TimeSpan.FromMilliseconds(20) };
        var execution = new WatchedExecution();
        _executions.Setup(c => c.WatchAsync(Id, 0, It.IsAny<CancellationToken>())).ReturnsAsync(await execution.WatchAsync(_feeds));

        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{Id}/events");
        Task streaming = exchange.ExecuteAsync(await api.StreamExecutionEventsAsync(exchange.Request, Id, _executions.Object));
        await WaitForAsync(() => execution.Reads > 20); // some 200 ms of nothing new: about ten keep-alive periods
        execution.Finish(ExecutionStatus.Completed);
        await streaming.WaitAsync(Patience);

        string body = Body(exchange);
        Assert.Contains("\n\n: keep-alive\n\n", body, StringComparison.Ordinal);
        Assert.Equal(["execution", "log", "status"], Block.Parse(body).Where(b => b.Event is not null).Select(b => b.Event));
    }

    [Fact]
    public async Task Events_ClientGoesAway_EndsTheStreamQuietlyAndLeavesTheFeed()
    {
        var execution = new WatchedExecution();
        _executions.Setup(c => c.WatchAsync(Id, 0, It.IsAny<CancellationToken>())).ReturnsAsync(await execution.WatchAsync(_feeds));
        using var aborted = new CancellationTokenSource();
        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{Id}/events");
        exchange.Context.RequestAborted = aborted.Token;

        Task streaming = exchange.ExecuteAsync(await Api.StreamExecutionEventsAsync(exchange.Request, Id, _executions.Object));
        await WaitForAsync(() => _feeds.Count == 1);
        await aborted.CancelAsync();
        await streaming.WaitAsync(Patience);

        Assert.Equal(0, _feeds.Count);
        Assert.Equal(["execution"], Block.Parse(Body(exchange)).Select(b => b.Event));
    }

    [Theory]
    [InlineData("12", null, 12)]
    [InlineData(null, "7", 7)]
    [InlineData("3", "9", 3)]
    [InlineData(null, null, 0)]
    public async Task Events_LastEventIdFromTheHeaderOrElseTheQuery_IsWhereTheWatchStarts(string? header, string? query, int expected)
    {
        _executions.Setup(c => c.WatchAsync(Id, expected, It.IsAny<CancellationToken>())).ReturnsAsync((ExecutionWatch?)null);

        HttpExchange exchange = await Stream(header, query is null ? null : $"?lastEventId={query}");

        exchange.Problem(404);
        _executions.Verify(c => c.WatchAsync(Id, expected, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("-1", null)]
    [InlineData("x", null)]
    [InlineData(null, "1.5")]
    [InlineData(null, "")]
    public async Task Events_ALastEventIdThatIsNotASeq_Is400AndReadsNothing(string? header, string? query)
    {
        HttpExchange exchange = await Stream(header, query is null ? null : $"?lastEventId={Uri.EscapeDataString(query)}");

        Assert.Contains("'Last-Event-ID'", exchange.Problem(400), StringComparison.Ordinal);
        _executions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Events_AnIdThatCannotBeAnExecution_Is404AndReadsNothing()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks/running/execution/nope/events");
        await exchange.ExecuteAsync(await Api.StreamExecutionEventsAsync(exchange.Request, "nope", _executions.Object));

        Assert.Contains("'nope'", exchange.Problem(404), StringComparison.Ordinal);
        _executions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Events_StoreUnavailable_Is503WithRetryAfterBeforeTheStream()
    {
        _executions.Setup(c => c.WatchAsync(Id, 0, It.IsAny<CancellationToken>())).ThrowsAsync(new TaskStoreUnavailableException("frozen"));

        HttpExchange exchange = await Stream();

        exchange.Problem(503);
        Assert.Equal("5", exchange.Headers.RetryAfter.ToString());
    }

    private static string Body(HttpExchange exchange) => Encoding.UTF8.GetString(((MemoryStream)exchange.Response.Body).ToArray());

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private async Task<HttpExchange> Stream(string? lastEventId = null, string? query = null)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{Id}/events", body: (string?)null, query: query);
        if (lastEventId is not null)
        {
            exchange.Request.Headers[TaskApi.LastEventIdHeader] = lastEventId;
        }

        return await exchange.ExecuteAsync(await Api.StreamExecutionEventsAsync(exchange.Request, Id, _executions.Object)).WaitAsync(Patience);
    }

    private async Task<JsonNode?> StatusAnswerAsync(string query)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", $"/tasks/running/execution/{Id}", body: (string?)null, query: query);
        await exchange.ExecuteAsync(await Api.GetExecutionAsync(exchange.Request, Id, _executions.Object));
        return JsonNode.Parse(exchange.Json().GetRawText());
    }

    /// <summary>One block of an event stream: an event, or a comment.</summary>
    private sealed record Block(string? Event, string? Id, string? Data, string? Retry, string? Comment)
    {
        public static IReadOnlyList<Block> Parse(string text) =>
        [
            .. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
            {
                string[] lines = block.Split('\n');
                string? Field(string name) => lines.Where(l => l.StartsWith(name + ": ", StringComparison.Ordinal)).Select(l => l[(name.Length + 2)..]).FirstOrDefault();
                return new Block(Field("event"), Field("id"), Field("data"), Field("retry"), lines[0].StartsWith(':') ? lines[0] : null);
            }),
        ];
    }
}
