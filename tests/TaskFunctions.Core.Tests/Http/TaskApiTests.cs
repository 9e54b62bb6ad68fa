using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>
/// The HTTP contract of every route, against a mocked <see cref="TaskExecutionClient"/>: what a request is read as,
/// which facade call it makes with which arguments (none for a bad request), and the status, headers and JSON of
/// the answer. What the facade does below is tested in Client/.
/// </summary>
public sealed class TaskApiTests : IDisposable
{
    private const string ValidId = "550e8400-e29b-41d4-a716-446655440000";
    private const string OtherId = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    private const string IdJson = "\"" + ValidId + "\"";

    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly CancellationTokenSource _aborted = new();
    private readonly Mock<TaskExecutionClient> _executions = new();
    private readonly TaskApi _api = new(new TaskCatalog(
    [
        new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions
        {
            Description = "the first",
            Timeout = TimeSpan.FromSeconds(5),
            Retry = new TaskRetryPolicy(3, TimeSpan.FromMilliseconds(500), 2, TimeSpan.FromMinutes(1)),
            ConcurrencyLimit = 2,
        }),
        new TaskDefinition("beta", typeof(object), new TaskDefinitionOptions()),
        new TaskDefinition("gamma", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1, Queue = new TaskQueuePolicy(3) }),
    ]));

    private TaskExecutionClient Executions => _executions.Object;

    public void Dispose()
    {
        _aborted.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task ListTasks_TheCatalog_IsEveryTaskWithItsOptionsInMilliseconds()
    {
        HttpExchange exchange = await Exchange("GET", "/tasks").ExecuteAsync(_api.ListTasks());

        AssertJson(
            200,
            """
            [{"name":"alpha","description":"the first","timeoutMs":5000,
              "retry":{"maxAttempts":3,"firstDelayMs":500,"backoffCoefficient":2,"maxDelayMs":60000},"concurrencyLimit":2},
             {"name":"beta","timeoutMs":30000},
             {"name":"gamma","timeoutMs":30000,"concurrencyLimit":1,"queueCapacity":3}]
            """,
            exchange);
    }

    [Theory]
    [InlineData(TriggerKind.Manual)]
    [InlineData(TriggerKind.Api)]
    public async Task ExecuteAsync_AFullRequest_StartsTheTaskWithEachField(TriggerKind trigger)
    {
        List<(string TaskName, StartRequest Request, CancellationToken Token)> starts = SetupStart(StartResult.Accepted(Accepted(ValidId)));
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute", """{"params":{"steps":2,"tags":["a"]},"timeoutMs":1500}""");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = "order-42";

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", trigger, Executions));

        Assert.Equal(202, exchange.StatusCode);
        (string taskName, StartRequest request, CancellationToken token) = Assert.Single(starts);
        Assert.Equal("alpha", taskName);
        Assert.Equal(trigger, request.Trigger);
        Assert.Equal("""{"steps":2,"tags":["a"]}""", request.Params!.Value.GetRawText());
        Assert.Equal(TimeSpan.FromMilliseconds(1500), request.Timeout);
        Assert.Equal("order-42", request.IdempotencyKey);
        Assert.Equal(_aborted.Token, token);
    }

    [Fact]
    public async Task ExecuteAsync_Accepted_Is202WithTheExecutionAndItsLocation()
    {
        SetupStart(StartResult.Accepted(Accepted(ValidId, TriggerKind.Api)));
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        AssertJson(
            202,
            $$"""{"executionId":"{{ValidId}}","taskName":"alpha","trigger":"api","status":"running","startedAt":"2025-11-25T11:05:00Z"}""",
            exchange);
        Assert.Equal("/tasks/running/execution/" + ValidId, exchange.Headers.Location.ToString());
    }

    [Fact]
    public async Task ExecuteAsync_Existing_Is200WithTheExistingExecutionAndItsLocation()
    {
        ExecutionAccepted existing = Accepted(ValidId) with { Status = ExecutionStatus.Completed, StartedAt = Requests.Start.AddMilliseconds(-1) };
        SetupStart(StartResult.Existing(existing));
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/manual", "{}");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = "order-42";

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Manual, Executions));

        AssertJson(
            200,
            $$"""{"executionId":"{{ValidId}}","taskName":"alpha","trigger":"manual","status":"completed","startedAt":"2025-11-25T11:04:59.999Z"}""",
            exchange);
        Assert.Equal("/tasks/running/execution/" + ValidId, exchange.Headers.Location.ToString());
    }

    [Fact]
    public async Task ExecuteAsync_Conflict_Is409WithTheRunningExecutionIdsAndNoLocation()
    {
        SetupStart(StartResult.Conflict([ValidId, OtherId]));
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/manual");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Manual, Executions));

        Assert.Equal(
            $"The task 'alpha' allows 2 execution(s) at a time and that many are running: {ValidId}, {OtherId}.",
            exchange.Problem(409));
        JsonElement problem = exchange.Json();
        Assert.Equal("The task is already running.", problem.GetProperty("title").GetString());
        Assert.Equal([ValidId, OtherId], Strings(problem.GetProperty("runningExecutionIds")));
        Assert.False(exchange.Headers.ContainsKey("Location"));
    }

    [Fact]
    public async Task ExecuteAsync_QueueFull_Is409NamingRunningAndWaiting()
    {
        SetupStart(StartResult.Conflict([ValidId], [OtherId]));
        HttpExchange exchange = Exchange("POST", "/tasks/gamma/execute/manual");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "gamma", TriggerKind.Manual, Executions));

        Assert.Equal(
            $"The task 'gamma' allows 1 execution(s) at a time and queues 3 more: the queue is full. Running: {ValidId}; waiting: {OtherId}.",
            exchange.Problem(409));
        JsonElement problem = exchange.Json();
        Assert.Equal("The task's queue is full.", problem.GetProperty("title").GetString());
        Assert.Equal([ValidId], Strings(problem.GetProperty("runningExecutionIds")));
        Assert.Equal([OtherId], Strings(problem.GetProperty("queuedExecutionIds")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \r\n")]
    [InlineData("{}")]
    [InlineData("""{"params":null}""")]
    [InlineData("""{"params":null,"timeoutMs":null}""")]
    [InlineData("""{"other":1}""")]
    public async Task ExecuteAsync_WithoutParamsTimeoutOrKey_StartsWithNone(string? body)
    {
        List<(string TaskName, StartRequest Request, CancellationToken Token)> starts = SetupStart(StartResult.Accepted(Accepted(ValidId)));
        HttpExchange exchange = Exchange("POST", "/tasks/beta/execute/manual", body);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "beta", TriggerKind.Manual, Executions));

        Assert.Equal(202, exchange.StatusCode);
        (string taskName, StartRequest request, _) = Assert.Single(starts);
        Assert.Equal("beta", taskName);
        Assert.Null(request.Params);
        Assert.Null(request.Timeout);
        Assert.Null(request.IdempotencyKey);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5_000)]
    public async Task ExecuteAsync_TimeoutMsUpToTheTasks_IsPassedAsATimeSpan(int timeoutMs)
    {
        List<(string TaskName, StartRequest Request, CancellationToken Token)> starts = SetupStart(StartResult.Accepted(Accepted(ValidId)));
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api", $$"""{"timeoutMs":{{timeoutMs}}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        Assert.Equal(202, exchange.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(timeoutMs), Assert.Single(starts).Request.Timeout);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(StartRequest.MaxIdempotencyKeyLength)]
    public async Task ExecuteAsync_IdempotencyKeyOfAnAcceptedLength_IsPassedAsSent(int length)
    {
        List<(string TaskName, StartRequest Request, CancellationToken Token)> starts = SetupStart(StartResult.Accepted(Accepted(ValidId)));
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = new string('k', length);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        Assert.Equal(202, exchange.StatusCode);
        Assert.Equal(new string('k', length), Assert.Single(starts).Request.IdempotencyKey);
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("Alpha")]
    public async Task ExecuteAsync_UnknownTask_Is404AndStartsNothing(string taskName)
    {
        HttpExchange exchange = Exchange("POST", $"/tasks/{taskName}/execute/manual", "{}");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, taskName, TriggerKind.Manual, Executions));

        Assert.Equal($"There is no task named '{taskName}'. GET /tasks lists the tasks.", exchange.Problem(404));
        Assert.Empty(_executions.Invocations);
    }

    [Theory]
    [InlineData("[1,2]", "The body must be a JSON object, not an array.")]
    [InlineData("\"params\"", "The body must be a JSON object, not a string.")]
    [InlineData("null", "The body must be a JSON object, not null.")]
    [InlineData("""{"params":[1]}""", "'params' must be a JSON object, not an array.")]
    [InlineData("""{"params":"durationMs=5"}""", "'params' must be a JSON object, not a string.")]
    [InlineData("""{"params":5}""", "'params' must be a JSON object, not a number.")]
    [InlineData("""{"params":true}""", "'params' must be a JSON object, not a boolean.")]
    public async Task ExecuteAsync_BodyOfTheWrongShape_Is400AndStartsNothing(string body, string detail)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api", body);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        Assert.Equal(detail, exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("""{"params":{"a":1}""")]
    public async Task ExecuteAsync_MalformedJson_Is400AndStartsNothing(string body)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api", body);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        Assert.StartsWith("The body is not valid JSON: ", exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_executions.Invocations);
    }

    [Theory]
    [InlineData("5001")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("2147483648")]
    [InlineData("\"1000\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public async Task ExecuteAsync_BadTimeoutMs_Is400AndStartsNothing(string timeoutMs)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api", $$"""{"params":{},"timeoutMs":{{timeoutMs}}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        Assert.Equal(
            $"'timeoutMs' must be a whole number of milliseconds from 1 to 5000 (the task's timeout); got {timeoutMs}.",
            exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(StartRequest.MaxIdempotencyKeyLength + 1, 1)]
    [InlineData(1, 2)]
    public async Task ExecuteAsync_BadIdempotencyKey_Is400AndStartsNothing(int length, int values)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/api", "{}");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = new StringValues([.. Enumerable.Repeat(new string('k', length), values)]);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Api, Executions));

        Assert.Equal("The Idempotency-Key header must be one value of 1 to 200 characters, none of them a control character.", exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task ExecuteAsync_OversizedBody_Is413AndStartsNothing()
    {
        HttpExchange exchange = Exchange("POST", "/tasks/alpha/execute/manual", OversizedBody());

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "alpha", TriggerKind.Manual, Executions));

        Assert.Equal("The body is larger than 65536 bytes.", exchange.Problem(413));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task GetExecutionAsync_Running_IsTheExecutionWithoutFinishedAtOrOmittedCount()
    {
        var view = new ExecutionView(
            ValidId,
            "alpha",
            TriggerKind.Manual,
            ExecutionStatus.Running,
            Requests.Start,
            null,
            [new LogEntry(Requests.Start, TaskLogLevel.Info, LogMessages.Started(5_000)) { Seq = 1 }],
            LogCount: 1);
        _executions.Setup(e => e.GetAsync(ValidId, 0, It.IsAny<CancellationToken>())).ReturnsAsync(view);
        HttpExchange exchange = Exchange("GET", "/tasks/running/execution/" + ValidId);

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, ValidId, Executions));

        AssertJson(
            200,
            $$"""
            {"executionId":"{{ValidId}}","taskName":"alpha","trigger":"manual","status":"running","startedAt":"2025-11-25T11:05:00Z",
             "logs":[{"seq":1,"timestamp":"2025-11-25T11:05:00Z","level":"info","message":"开始执行任务 (超时限制: 5000ms)"}],"logCount":1}
            """,
            exchange);
        _executions.Verify(e => e.GetAsync(ValidId, 0, _aborted.Token), Times.Once);
        _executions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task GetExecutionAsync_Finished_IsTheExecutionWithFinishedAtLogDataAndOmittedCount()
    {
        var view = new ExecutionView(
            ValidId,
            "beta",
            TriggerKind.Api,
            ExecutionStatus.Failed,
            Requests.Start,
            Requests.Start.AddMilliseconds(1_250),
            [new LogEntry(Requests.Start.AddSeconds(1), TaskLogLevel.Error, LogMessages.Failed, Requests.Json("""{"type":"IOException","attempt":1}""")) { Seq = 4 }],
            OmittedLogCount: 3,
            LogCount: 4);
        _executions.Setup(e => e.GetAsync(ValidId, 0, It.IsAny<CancellationToken>())).ReturnsAsync(view);
        HttpExchange exchange = Exchange("GET", "/tasks/running/execution/" + ValidId);

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, ValidId, Executions));

        AssertJson(
            200,
            $$"""
            {"executionId":"{{ValidId}}","taskName":"beta","trigger":"api","status":"failed","startedAt":"2025-11-25T11:05:00Z",
             "finishedAt":"2025-11-25T11:05:01.250Z",
             "logs":[{"seq":4,"timestamp":"2025-11-25T11:05:01Z","level":"error","message":"任务执行失败","data":{"type":"IOException","attempt":1} }],
             "omittedLogCount":3,"logCount":4}
            """,
            exchange);
    }

    [Theory]
    [InlineData("550E8400-E29B-41D4-A716-446655440000")]
    [InlineData("{550e8400-e29b-41d4-a716-446655440000}")]
    [InlineData("550e8400e29b41d4a716446655440000")]
    public async Task GetExecutionAsync_AnyUuidForm_ReadsTheCanonicalId(string sent)
    {
        _executions.Setup(e => e.GetAsync(ValidId, 0, It.IsAny<CancellationToken>())).ReturnsAsync(View(ValidId));
        HttpExchange exchange = Exchange("GET", "/tasks/running/execution/" + sent);

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, sent, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(ValidId, exchange.Json().GetProperty("executionId").GetString());
        _executions.Verify(e => e.GetAsync(ValidId, 0, _aborted.Token), Times.Once);
        _executions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task GetExecutionAsync_Unknown_Is404WithTheCanonicalId()
    {
        _executions.Setup(e => e.GetAsync(ValidId, 0, It.IsAny<CancellationToken>())).ReturnsAsync((ExecutionView?)null);
        HttpExchange exchange = Exchange("GET", "/tasks/running/execution/" + ValidId.ToUpperInvariant());

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, ValidId.ToUpperInvariant(), Executions));

        Assert.Equal($"There is no execution with id '{ValidId}'.", exchange.Problem(404));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("id1")]
    [InlineData("550e8400-e29b-41d4-a716")]
    public async Task GetExecutionAsync_AnIdThatCannotExist_Is404WithoutALookup(string id)
    {
        HttpExchange exchange = Exchange("GET", "/tasks/running/execution/" + id);

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, id, Executions));

        Assert.Equal($"There is no execution with id '{id}'.", exchange.Problem(404));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task ListExecutionsAsync_NoQuery_ListsWithTheDefaults()
    {
        List<(string TaskName, ExecutionListQuery Query, CancellationToken Token)> lists = SetupList(new ExecutionPage([], null));
        HttpExchange exchange = Exchange("GET", "/tasks/running/beta");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "beta", Executions));

        Assert.Equal(200, exchange.StatusCode);
        (string taskName, ExecutionListQuery query, CancellationToken token) = Assert.Single(lists);
        Assert.Equal("beta", taskName);
        Assert.Equal(new ExecutionListQuery(null, null, null, 20, null), query);
        Assert.Equal(_aborted.Token, token);
    }

    [Fact]
    public async Task ListExecutionsAsync_EveryFilter_IsPassedInTheQuery()
    {
        List<(string TaskName, ExecutionListQuery Query, CancellationToken Token)> lists = SetupList(new ExecutionPage([], null));
        HttpExchange exchange = Exchange(
            "GET",
            "/tasks/running/alpha",
            query: "?status=failed&limit=100&from=2025-11-25T00:00:00Z&to=2025-11-26T00:00:00%2B08:00&continuationToken=page-2");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        Assert.Equal(200, exchange.StatusCode);
        (string taskName, ExecutionListQuery query, _) = Assert.Single(lists);
        Assert.Equal("alpha", taskName);
        Assert.Equal(
            new ExecutionListQuery(
                ExecutionStatus.Failed,
                new DateTime(2025, 11, 25, 0, 0, 0, DateTimeKind.Utc),
                new DateTime(2025, 11, 25, 16, 0, 0, DateTimeKind.Utc),
                100,
                "page-2"),
            query);
        Assert.Equal(DateTimeKind.Utc, query.From!.Value.Kind);
        Assert.Equal(DateTimeKind.Utc, query.To!.Value.Kind);
    }

    [Theory]
    [InlineData("running", ExecutionStatus.Running)]
    [InlineData("completed", ExecutionStatus.Completed)]
    [InlineData("failed", ExecutionStatus.Failed)]
    [InlineData("cancelled", ExecutionStatus.Cancelled)]
    public async Task ListExecutionsAsync_Status_IsPassedAsTheExecutionStatus(string status, ExecutionStatus expected)
    {
        List<(string TaskName, ExecutionListQuery Query, CancellationToken Token)> lists = SetupList(new ExecutionPage([], null));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha", query: "?status=" + status);

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        Assert.Equal(expected, Assert.Single(lists).Query.Status);
    }

    [Theory]
    [InlineData("?from=2025-11-25T10:00:00", "2025-11-25T10:00:00Z")]
    [InlineData("?from=2025-11-25T10:00:00.5-02:00", "2025-11-25T12:00:00.5Z")]
    [InlineData("?from=2025-11-25", "2025-11-25T00:00:00Z")]
    public async Task ListExecutionsAsync_TimeWithoutOrWithAnOffset_IsPassedInUtc(string queryString, string expected)
    {
        List<(string TaskName, ExecutionListQuery Query, CancellationToken Token)> lists = SetupList(new ExecutionPage([], null));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha", query: queryString);

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        DateTime from = Assert.Single(lists).Query.From!.Value;
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime, from);
        Assert.Equal(DateTimeKind.Utc, from.Kind);
    }

    [Theory]
    [InlineData("?continuationToken=from-query", null, "from-query")]
    [InlineData(null, "from-header", "from-header")]
    [InlineData("?continuationToken=from-query", "from-header", "from-query")]
    [InlineData("?continuationToken=", null, null)]
    public async Task ListExecutionsAsync_ContinuationToken_IsReadFromTheQueryOrElseTheHeader(string? queryString, string? header, string? expected)
    {
        List<(string TaskName, ExecutionListQuery Query, CancellationToken Token)> lists = SetupList(new ExecutionPage([], null));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha", query: queryString);
        if (header is not null)
        {
            exchange.Request.Headers[TaskApiRoutes.ContinuationHeader] = header;
        }

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        Assert.Equal(expected, Assert.Single(lists).Query.ContinuationToken);
    }

    [Fact]
    public async Task ListExecutionsAsync_APageWithANextOne_IsAnArrayOfItsItemsWithTheTokenInAHeader()
    {
        ExecutionView newer = View(ValidId) with { OmittedLogCount = 4, LogCount = 4 };
        ExecutionView older = View(OtherId) with { Status = ExecutionStatus.Completed, FinishedAt = Requests.Start.AddSeconds(2) };
        SetupList(new ExecutionPage([newer, older], "next-page"));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        AssertJson(
            200,
            $$"""
            [{"executionId":"{{ValidId}}","taskName":"alpha","trigger":"manual","status":"running","startedAt":"2025-11-25T11:05:00Z","logs":[],"omittedLogCount":4,"logCount":4},
             {"executionId":"{{OtherId}}","taskName":"alpha","trigger":"manual","status":"completed","startedAt":"2025-11-25T11:05:00Z","finishedAt":"2025-11-25T11:05:02Z","logs":[],"logCount":0}]
            """,
            exchange);
        Assert.Equal("next-page", exchange.Headers[TaskApiRoutes.ContinuationHeader].ToString());
    }

    [Fact]
    public async Task ListExecutionsAsync_TheLastPage_HasNoTokenHeader()
    {
        SetupList(new ExecutionPage([], null));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        AssertJson(200, "[]", exchange);
        Assert.False(exchange.Headers.ContainsKey(TaskApiRoutes.ContinuationHeader));
    }

    [Fact]
    public async Task ListExecutionsAsync_AContinuationTokenTheFacadeCannotRead_Is400()
    {
        _executions
            .Setup(e => e.ListAsync("alpha", It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new FormatException("not a token"));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha", query: "?continuationToken=garbage");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        Assert.Equal(
            "The continuation token is not valid; use the one from the previous page's x-ms-continuation-token header.",
            exchange.Problem(400));
    }

    [Fact]
    public async Task ListExecutionsAsync_AFailureWithoutAContinuationToken_IsThrown()
    {
        _executions
            .Setup(e => e.ListAsync("alpha", It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("storage is down"));
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        Assert.Equal("storage is down", thrown.Message);
    }

    [Fact]
    public async Task ListExecutionsAsync_CancelledWithAContinuationToken_IsThrown()
    {
        _executions
            .Setup(e => e.ListAsync("alpha", It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OperationCanceledException());
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha", query: "?continuationToken=page-2");

        await Assert.ThrowsAsync<OperationCanceledException>(() => _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("Alpha")]
    public async Task ListExecutionsAsync_UnknownTask_Is404AndListsNothing(string taskName)
    {
        HttpExchange exchange = Exchange("GET", "/tasks/running/" + taskName);

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, taskName, Executions));

        Assert.Equal($"There is no task named '{taskName}'. GET /tasks lists the tasks.", exchange.Problem(404));
        Assert.Empty(_executions.Invocations);
    }

    [Theory]
    [InlineData("?status=done", "'status' must be one of running, completed, failed, cancelled; got 'done'.")]
    [InlineData("?status=Running", "'status' must be one of running, completed, failed, cancelled; got 'Running'.")]
    [InlineData("?status=", "'status' must be one of running, completed, failed, cancelled; got ''.")]
    [InlineData("?limit=0", "'limit' must be a whole number from 1 to 100; got '0'.")]
    [InlineData("?limit=101", "'limit' must be a whole number from 1 to 100; got '101'.")]
    [InlineData("?limit=-5", "'limit' must be a whole number from 1 to 100; got '-5'.")]
    [InlineData("?limit=%2B5", "'limit' must be a whole number from 1 to 100; got '+5'.")]
    [InlineData("?limit=ten", "'limit' must be a whole number from 1 to 100; got 'ten'.")]
    [InlineData("?limit=2.5", "'limit' must be a whole number from 1 to 100; got '2.5'.")]
    [InlineData("?from=yesterday", "'from' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got 'yesterday'.")]
    [InlineData("?to=2025-13-45", "'to' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got '2025-13-45'.")]
    [InlineData("?from=2025-11-26T00:00:00Z&to=2025-11-25T00:00:00Z", "'from' must not be later than 'to'.")]
    public async Task ListExecutionsAsync_BadQuery_Is400AndListsNothing(string queryString, string detail)
    {
        HttpExchange exchange = Exchange("GET", "/tasks/running/alpha", query: queryString);

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "alpha", Executions));

        Assert.Equal(detail, exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByIdsAsync_Ids_GoToTheFacadeCanonicalAndOnceAndComeBackAsSent()
    {
        _executions
            .Setup(e => e.CancelAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelByIdsResult([ValidId], [], [OtherId]));
        string[] sent = [ValidId.ToUpperInvariant(), "id1", "{" + ValidId + "}", OtherId, ValidId];
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", JsonSerializer.Serialize(new { executionIds = sent }));

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        AssertJson(
            200,
            $$"""{"cancelled":["{{ValidId.ToUpperInvariant()}}","{{"{" + ValidId + "}"}}","{{ValidId}}"],"notFound":["id1"],"notRunning":["{{OtherId}}"]}""",
            exchange);
        _executions.Verify(e => e.CancelAsync(new[] { ValidId, OtherId }, _aborted.Token), Times.Once);
        _executions.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task CancelByIdsAsync_TheSpecificationsExample_AnswersIdsTheFacadeDidNotFindOrCannotExistAsNotFound()
    {
        _executions
            .Setup(e => e.CancelAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelByIdsResult([], [ValidId], []));
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["id1", "id2", "id3", {{IdJson}}] }""");

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        AssertJson(200, $$"""{"cancelled":[],"notFound":["id1","id2","id3","{{ValidId}}"],"notRunning":[]}""", exchange);
        _executions.Verify(e => e.CancelAsync(new[] { ValidId }, _aborted.Token), Times.Once);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TaskApi.MaxExecutionIds)]
    public async Task CancelByIdsAsync_UpToAHundredIds_AreAllPassed(int count)
    {
        _executions
            .Setup(e => e.CancelAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelByIdsResult([], [], []));
        string[] ids = [.. Enumerable.Range(0, count).Select(i => Guid.CreateVersion7().ToString())];
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", JsonSerializer.Serialize(new { executionIds = ids }));

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(ids, Strings(exchange.Json().GetProperty("notFound")));
        _executions.Verify(e => e.CancelAsync(ids, _aborted.Token), Times.Once);
    }

    [Theory]
    [InlineData(null, "The body must be a JSON object.")]
    [InlineData("[" + IdJson + "]", "The body must be a JSON object, not an array.")]
    [InlineData("{}", "The body must have a 'executionIds' array.")]
    [InlineData("""{"executionIds":null}""", "'executionIds' must be an array of strings, not null.")]
    [InlineData("""{"executionIds":"550e8400-e29b-41d4-a716-446655440000"}""", "'executionIds' must be an array of strings, not a string.")]
    [InlineData("""{"executionIds":{"id":1}}""", "'executionIds' must be an array of strings, not an object.")]
    [InlineData("""{"executionIds":[42]}""", "'executionIds[0]' must be a non-empty string, not a number.")]
    [InlineData("""{"executionIds":["a"," "]}""", "'executionIds[1]' must be a non-empty string, not an empty or blank one.")]
    [InlineData("""{"executionIds":["a",null]}""", "'executionIds[1]' must be a non-empty string, not null.")]
    public async Task CancelByIdsAsync_BadBody_Is400AndCancelsNothing(string? body, string detail)
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", body);

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal(detail, exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByIdsAsync_MalformedJson_Is400AndCancelsNothing()
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", "{\"executionIds\":[");

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.StartsWith("The body is not valid JSON: ", exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByIdsAsync_OverAHundredIds_Is400AndCancelsNothing()
    {
        string[] ids = [.. Enumerable.Range(0, TaskApi.MaxExecutionIds + 1).Select(_ => ValidId)];
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", JsonSerializer.Serialize(new { executionIds = ids }));

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal("'executionIds' holds 101 items; at most 100 are accepted per request.", exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByIdsAsync_OversizedBody_Is413AndCancelsNothing()
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", OversizedBody());

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal("The body is larger than 65536 bytes.", exchange.Problem(413));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_Names_GoToTheFacadeOnceEachAndItsAnswerIsTheBody()
    {
        _executions
            .Setup(e => e.CancelTasksAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelByTaskNamesResult([OtherId, ValidId], ["ghost"]));
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", """{"taskNames":["beta","ghost","beta","alpha"]}""");

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        AssertJson(200, $$"""{"cancelled":["{{OtherId}}","{{ValidId}}"],"taskNotFound":["ghost"]}""", exchange);
        _executions.Verify(e => e.CancelTasksAsync(new[] { "beta", "ghost", "alpha" }, _aborted.Token), Times.Once);
        _executions.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(TaskApi.MaxTaskNames)]
    public async Task CancelByTaskNamesAsync_UpToFiftyNames_AreAllPassed(int count)
    {
        _executions
            .Setup(e => e.CancelTasksAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CancelByTaskNamesResult([], []));
        string[] names = [.. Enumerable.Range(0, count).Select(i => $"t{i}")];
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", JsonSerializer.Serialize(new { taskNames = names }));

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        AssertJson(200, """{"cancelled":[],"taskNotFound":[]}""", exchange);
        _executions.Verify(e => e.CancelTasksAsync(names, _aborted.Token), Times.Once);
    }

    [Theory]
    [InlineData(null, "The body must be a JSON object.")]
    [InlineData("\"alpha\"", "The body must be a JSON object, not a string.")]
    [InlineData("""{"names":["alpha"]}""", "The body must have a 'taskNames' array.")]
    [InlineData("""{"taskNames":"alpha"}""", "'taskNames' must be an array of strings, not a string.")]
    [InlineData("""{"taskNames":["alpha",""]}""", "'taskNames[1]' must be a non-empty string, not an empty or blank one.")]
    [InlineData("""{"taskNames":[true]}""", "'taskNames[0]' must be a non-empty string, not a boolean.")]
    public async Task CancelByTaskNamesAsync_BadBody_Is400AndCancelsNothing(string? body, string detail)
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", body);

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.Equal(detail, exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_MalformedJson_Is400AndCancelsNothing()
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", "{\"taskNames\":");

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.StartsWith("The body is not valid JSON: ", exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_OverFiftyNames_Is400AndCancelsNothing()
    {
        string body = JsonSerializer.Serialize(new { taskNames = Enumerable.Range(0, TaskApi.MaxTaskNames + 1).Select(i => $"t{i}") });
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", body);

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.Equal("'taskNames' holds 51 items; at most 50 are accepted per request.", exchange.Problem(400));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNamesAsync_OversizedBody_Is413AndCancelsNothing()
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", OversizedBody());

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.Equal("The body is larger than 65536 bytes.", exchange.Problem(413));
        Assert.Empty(_executions.Invocations);
    }

    [Fact]
    public async Task CancelAllAsync_TheFacadesCount_IsTheBody()
    {
        _executions.Setup(e => e.CancelAllAsync(It.IsAny<CancellationToken>())).ReturnsAsync(new CancelAllResult(3));
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/all");

        await exchange.ExecuteAsync(await _api.CancelAllAsync(exchange.Request, Executions));

        AssertJson(200, """{"count":3}""", exchange);
        _executions.Verify(e => e.CancelAllAsync(_aborted.Token), Times.Once);
        _executions.VerifyNoOtherCalls();
    }

    private static ExecutionAccepted Accepted(string executionId, TriggerKind trigger = TriggerKind.Manual) =>
        new(executionId, "alpha", trigger, ExecutionStatus.Running, Requests.Start);

    private static ExecutionView View(string executionId) =>
        new(executionId, "alpha", TriggerKind.Manual, ExecutionStatus.Running, Requests.Start, null, []);

    private static string OversizedBody() => "{\"params\":{\"blob\":\"" + new string('x', 70_000) + "\"}}";

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>Checks the status, the JSON content type and the body, compared as compact JSON.</summary>
    private static void AssertJson(int statusCode, string expected, HttpExchange exchange)
    {
        Assert.Equal(statusCode, exchange.StatusCode);
        Assert.Equal("application/json; charset=utf-8", exchange.ContentType);
        Assert.Equal(Compact(expected), Compact(exchange.Json().GetRawText()));
    }

    private static string Compact(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private List<(string TaskName, StartRequest Request, CancellationToken Token)> SetupStart(StartResult result)
    {
        List<(string, StartRequest, CancellationToken)> starts = [];
        _executions
            .Setup(e => e.StartAsync(It.IsAny<string>(), It.IsAny<StartRequest>(), It.IsAny<CancellationToken>()))
            .Callback<string, StartRequest, CancellationToken>((name, request, token) => starts.Add((name, request, token)))
            .ReturnsAsync(result);
        return starts;
    }

    private List<(string TaskName, ExecutionListQuery Query, CancellationToken Token)> SetupList(ExecutionPage page)
    {
        List<(string, ExecutionListQuery, CancellationToken)> lists = [];
        _executions
            .Setup(e => e.ListAsync(It.IsAny<string>(), It.IsAny<ExecutionListQuery>(), It.IsAny<CancellationToken>()))
            .Callback<string, ExecutionListQuery, CancellationToken>((name, query, token) => lists.Add((name, query, token)))
            .ReturnsAsync(page);
        return lists;
    }

    private HttpExchange Exchange(string method, string path, string? body = null, string? query = null)
    {
        HttpExchange exchange = HttpExchange.Create(_services, method, path, body, query);
        exchange.Context.RequestAborted = _aborted.Token;
        return exchange;
    }
}
