using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Http;

public sealed class TaskApiTests : IDisposable
{
    private const string ValidId = "550e8400-e29b-41d4-a716-446655440000";

    private readonly TestClock _clock = new(Requests.Start);
    private readonly ServiceProvider _services;
    private readonly TaskApi _api;
    private readonly Mock<DurableTaskClient> _client = new("test");

    /// <summary>Gets the execution client over the mocked durable client, as the hosts make it.</summary>
    private TaskExecutionClient Executions => _services.GetRequiredService<TaskExecutionClientFactory>().Create(_client.Object);

    public TaskApiTests()
    {
        _services = HttpExchange.Services(_clock, b => b.AddSampleTasks());
        _api = _services.GetRequiredService<TaskApi>();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListTasks_ReturnsTheCatalog()
    {
        HttpExchange exchange = await Exchange("GET", "/tasks").ExecuteAsync(_api.ListTasks());

        Assert.Equal(200, exchange.StatusCode);
        JsonElement tasks = exchange.Json();
        Assert.Equal([FeishuSyncTask.Name, UserSpaceSyncTask.Name], tasks.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(30_000, tasks[0].GetProperty("timeoutMs").GetInt32());
        Assert.False(tasks[0].TryGetProperty("handlerType", out _));

        JsonElement retry = tasks[0].GetProperty("retry");
        Assert.Equal(3, retry.GetProperty("maxAttempts").GetInt32());
        Assert.Equal(500, retry.GetProperty("firstDelayMs").GetInt32());
        Assert.Equal(2, retry.GetProperty("backoffCoefficient").GetDouble());
        Assert.Equal(60_000, retry.GetProperty("maxDelayMs").GetInt32());
        Assert.Equal(1, tasks[0].GetProperty("concurrencyLimit").GetInt32());
        Assert.False(tasks[1].TryGetProperty("retry", out _));
        Assert.Equal(1, tasks[1].GetProperty("concurrencyLimit").GetInt32());
    }

    [Theory]
    [InlineData(TriggerKind.Manual, "manual")]
    [InlineData(TriggerKind.Api, "api")]
    public async Task Execute_Accepts_SchedulesOneExecutionAndAnswers202(TriggerKind trigger, string triggerText)
    {
        InstanceStore store = Store();
        HttpExchange exchange = Exchange("POST", $"/tasks/{UserSpaceSyncTask.Name}/execute/{triggerText}", """{"params":{"durationMs":10,"steps":2}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, UserSpaceSyncTask.Name, trigger, Executions));

        Assert.Equal(202, exchange.StatusCode);
        JsonElement body = exchange.Json();
        string executionId = body.GetProperty("executionId").GetString()!;
        Assert.StartsWith(ExecutionIds.TaskPrefix(UserSpaceSyncTask.Name), executionId, StringComparison.Ordinal);
        Assert.Equal(UserSpaceSyncTask.Name, body.GetProperty("taskName").GetString());
        Assert.Equal(triggerText, body.GetProperty("trigger").GetString());
        Assert.Equal("running", body.GetProperty("status").GetString());
        Assert.Equal(Requests.Start, body.GetProperty("startedAt").GetDateTime().ToUniversalTime());
        Assert.Equal(TaskApiRoutes.ExecutionPath(executionId), exchange.Context.Response.Headers.Location.ToString());

        InstanceStore.Start start = Assert.Single(store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator);
        ExecutionRequest scheduled = Assert.IsType<ExecutionRequest>(start.Input);
        Assert.Equal(executionId, start.InstanceId);
        Assert.Equal(executionId, scheduled.ExecutionId);
        Assert.Equal(trigger, scheduled.Trigger);
        Assert.Equal(30_000, scheduled.TimeoutMs);
        Assert.Equal(Requests.Start, scheduled.StartedAt);
        Assert.Equal(new ExecutionPlan(false, true, true), scheduled.Plan);
        Assert.Equal(2, scheduled.Params!.Value.GetProperty("steps").GetInt32());

        // The sample allows one execution at a time: it took the task's only slot first.
        Assert.Equal(0, scheduled.SlotIndex);
        Assert.Equal([InstanceIds.Slot(UserSpaceSyncTask.Name, 0), executionId], store.Created.Select(s => s.InstanceId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"params":null}""")]
    [InlineData("""{"params":null,"timeoutMs":null}""")]
    public async Task Execute_WithoutParams_IsAccepted(string? body)
    {
        InstanceStore store = Store();
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/manual", body);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Manual, Executions));

        Assert.Equal(202, exchange.StatusCode);
        ExecutionRequest scheduled = Assert.IsType<ExecutionRequest>(Assert.Single(store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input);
        Assert.Null(scheduled.Params);
        Assert.Equal(30_000, scheduled.TimeoutMs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_500)]
    [InlineData(30_000)]
    public async Task Execute_TimeoutMsUpToTheTasks_ShortensTheTimeout(int timeoutMs)
    {
        InstanceStore store = Store();
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/api", $$"""{"params":{},"timeoutMs":{{timeoutMs}}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Api, Executions));

        Assert.Equal(202, exchange.StatusCode);
        ExecutionRequest scheduled = Assert.IsType<ExecutionRequest>(Assert.Single(store.Created, s => s.Name == ProtocolNames.ExecutionOrchestrator).Input);
        Assert.Equal(timeoutMs, scheduled.TimeoutMs);
    }

    [Theory]
    [InlineData("30001")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("2147483648")]
    [InlineData("\"1000\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public async Task Execute_BadTimeoutMs_Is400AndStartsNothing(string timeoutMs)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/api", $$"""{"params":{},"timeoutMs":{{timeoutMs}}}""");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Api, Executions));

        string detail = exchange.Problem(400);
        Assert.StartsWith("'timeoutMs' must be a whole number of milliseconds from 1 to 30000", detail, StringComparison.Ordinal);
        Assert.EndsWith($"got {timeoutMs}.", detail, StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task Execute_WithAnIdempotencyKey_ClaimsItForTheTask()
    {
        InstanceStore store = Store();
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/api", "{}");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = new string('k', StartRequest.MaxIdempotencyKeyLength);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Api, Executions));

        Assert.Equal(202, exchange.StatusCode);
        InstanceStore.Start claim = Assert.Single(store.Created, s => s.Name == ProtocolNames.KeyClaimOrchestrator);
        Assert.Equal(InstanceIds.KeyClaim(FeishuSyncTask.Name, new string('k', StartRequest.MaxIdempotencyKeyLength)), claim.InstanceId);
        Assert.Equal(exchange.Json().GetProperty("executionId").GetString(), Assert.IsType<ExecutionRequest>(claim.Input).ExecutionId);
    }

    [Fact]
    public async Task Execute_RepeatedIdempotencyKey_Answers200WithTheExistingExecutionAndItsLocation()
    {
        InstanceStore store = Store();
        ExecutionRequest first = Requests.Execution(FeishuSyncTask.Name);
        store.Add(ProtocolNames.KeyClaimOrchestrator, InstanceIds.KeyClaim(FeishuSyncTask.Name, "order-42"), first, OrchestrationRuntimeStatus.Completed);
        store.Add(ProtocolNames.ExecutionOrchestrator, first.ExecutionId, first, OrchestrationRuntimeStatus.Running);
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/manual", "{}");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = "order-42";

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Manual, Executions));

        Assert.Equal(200, exchange.StatusCode);
        JsonElement body = exchange.Json();
        Assert.Equal(first.ExecutionId, body.GetProperty("executionId").GetString());
        Assert.Equal("running", body.GetProperty("status").GetString());
        Assert.Equal(TaskApiRoutes.ExecutionPath(first.ExecutionId), exchange.Context.Response.Headers.Location.ToString());
        Assert.Empty(store.Created);
    }

    [Theory]
    [InlineData(StartRequest.MaxIdempotencyKeyLength + 1)]
    [InlineData(0)]
    public async Task Execute_IdempotencyKeyOfABadLength_Is400AndStartsNothing(int length)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/api", "{}");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = new string('k', length);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Api, Executions));

        Assert.Contains("Idempotency-Key header must be one value of 1 to 200 characters", exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task Execute_TwoIdempotencyKeys_Is400()
    {
        HttpExchange exchange = Exchange("POST", "/tasks/feishu-sync/execute/api", "{}");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = new Microsoft.Extensions.Primitives.StringValues(["a", "b"]);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, FeishuSyncTask.Name, TriggerKind.Api, Executions));

        exchange.Problem(400);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task Execute_ConcurrencyLimitReached_Is409WithTheRunningExecutionIds()
    {
        InstanceStore store = Store();
        string holder = ExecutionIds.New(UserSpaceSyncTask.Name, Requests.Start);
        store.Add(
            ProtocolNames.SlotOrchestrator,
            InstanceIds.Slot(UserSpaceSyncTask.Name, 0),
            new SlotLease(holder, UserSpaceSyncTask.Name, 0));
        HttpExchange exchange = Exchange("POST", "/tasks/user-space-sync/execute/manual", "{}");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, UserSpaceSyncTask.Name, TriggerKind.Manual, Executions));

        string detail = exchange.Problem(409);
        Assert.Contains(holder, detail, StringComparison.Ordinal);
        Assert.Contains("allows 1 execution(s) at a time", detail, StringComparison.Ordinal);
        Assert.Equal([holder], exchange.Json().GetProperty("runningExecutionIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(exchange.Context.Response.Headers.ContainsKey("Location"));
        Assert.Empty(store.Created);
    }

    [Fact]
    public async Task Execute_UnknownTask_Is404()
    {
        HttpExchange exchange = Exchange("POST", "/tasks/ghost/execute/manual", "{}");

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, "ghost", TriggerKind.Manual, Executions));

        Assert.Contains("no task named 'ghost'", exchange.Problem(404), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Theory]
    [InlineData("{", "The body is not valid JSON")]
    [InlineData("""{"params":{"a":1}""", "The body is not valid JSON")]
    [InlineData("[1,2]", "The body must be a JSON object, not an array.")]
    [InlineData("\"params\"", "The body must be a JSON object, not a string.")]
    [InlineData("""{"params":[1]}""", "'params' must be a JSON object, not an array.")]
    [InlineData("""{"params":"durationMs=5"}""", "'params' must be a JSON object, not a string.")]
    [InlineData("""{"params":5}""", "'params' must be a JSON object, not a number.")]
    [InlineData("""{"params":true}""", "'params' must be a JSON object, not a boolean.")]
    public async Task Execute_BadBody_Is400AndStartsNothing(string body, string detail)
    {
        HttpExchange exchange = Exchange("POST", "/tasks/user-space-sync/execute/api", body);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, UserSpaceSyncTask.Name, TriggerKind.Api, Executions));

        Assert.StartsWith(detail, exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task Execute_OversizedBody_Is413AndStartsNothing()
    {
        string body = "{\"params\":{\"blob\":\"" + new string('x', 70_000) + "\"}}";
        HttpExchange exchange = Exchange("POST", "/tasks/user-space-sync/execute/manual", body);

        await exchange.ExecuteAsync(await _api.ExecuteAsync(exchange.Request, UserSpaceSyncTask.Name, TriggerKind.Manual, Executions));

        Assert.Contains("larger than 65536 bytes", exchange.Problem(413), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("id1")]
    [InlineData("550e8400-e29b-41d4-a716")]
    public async Task GetExecution_AnIdThatCannotExist_Is404WithoutALookup(string id)
    {
        HttpExchange exchange = Exchange("GET", $"/tasks/running/execution/{id}");

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, id, Executions));

        Assert.Contains($"There is no execution with id '{id}'", exchange.Problem(404), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task GetExecution_UnknownId_Is404WithTheNormalizedId()
    {
        _client
            .Setup(c => c.GetInstanceAsync(ValidId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);
        HttpExchange exchange = Exchange("GET", "/tasks/running/execution/x");

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, ValidId.ToUpperInvariant(), Executions));

        Assert.Contains(ValidId, exchange.Problem(404), StringComparison.Ordinal);
        _client.Verify(c => c.GetInstanceAsync(ValidId, true, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task GetExecution_Found_IsTheSpecificationsJsonShape()
    {
        ExecutionRequest request = Requests.Execution(UserSpaceSyncTask.Name);
        var snapshot = new ExecutionSnapshot(
            ExecutionStatus.Running,
            null,
            [new LogEntry(Requests.Start, TaskLogLevel.Info, LogMessages.Started(30_000))],
            0,
            0);
        _client
            .Setup(c => c.GetInstanceAsync(request.ExecutionId, true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(ProtocolNames.ExecutionOrchestrator, request.ExecutionId)
            {
                DataConverter = JsonDataConverter.Default,
                RuntimeStatus = OrchestrationRuntimeStatus.Running,
                SerializedInput = JsonDataConverter.Default.Serialize(request),
                SerializedCustomStatus = JsonDataConverter.Default.Serialize(snapshot),
            });
        HttpExchange exchange = Exchange("GET", $"/tasks/running/execution/{request.ExecutionId}");

        await exchange.ExecuteAsync(await _api.GetExecutionAsync(exchange.Request, request.ExecutionId, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.StartsWith("application/json", exchange.ContentType, StringComparison.Ordinal);
        JsonElement body = exchange.Json();
        Assert.Equal(request.ExecutionId, body.GetProperty("executionId").GetString());
        Assert.Equal(UserSpaceSyncTask.Name, body.GetProperty("taskName").GetString());
        Assert.Equal("running", body.GetProperty("status").GetString());
        Assert.Equal("2025-11-25T11:05:00Z", body.GetProperty("startedAt").GetString());
        Assert.False(body.TryGetProperty("finishedAt", out _));
        Assert.False(body.TryGetProperty("omittedLogCount", out _));
        JsonElement log = Assert.Single(body.GetProperty("logs").EnumerateArray());
        Assert.Equal("2025-11-25T11:05:00Z", log.GetProperty("timestamp").GetString());
        Assert.Equal("info", log.GetProperty("level").GetString());
        Assert.Equal("开始执行任务 (超时限制: 30000ms)", log.GetProperty("message").GetString());
        Assert.False(log.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task ListExecutions_UnknownTask_Is404()
    {
        HttpExchange exchange = Exchange("GET", "/tasks/running/ghost");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, "ghost", Executions));

        Assert.Contains("'ghost'", exchange.Problem(404), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Theory]
    [InlineData("?status=done", "'status' must be one of running, completed, failed, cancelled; got 'done'.")]
    [InlineData("?status=Running", "'status' must be one of running, completed, failed, cancelled; got 'Running'.")]
    [InlineData("?status=", "'status' must be one of")]
    [InlineData("?limit=0", "'limit' must be a whole number from 1 to 100; got '0'.")]
    [InlineData("?limit=101", "'limit' must be a whole number from 1 to 100; got '101'.")]
    [InlineData("?limit=-5", "'limit' must be a whole number from 1 to 100; got '-5'.")]
    [InlineData("?limit=ten", "'limit' must be a whole number from 1 to 100; got 'ten'.")]
    [InlineData("?limit=2.5", "'limit' must be a whole number")]
    [InlineData("?from=yesterday", "'from' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got 'yesterday'.")]
    [InlineData("?to=2025-13-45", "'to' must be an ISO-8601 date-time")]
    [InlineData("?from=2025-11-26T00:00:00Z&to=2025-11-25T00:00:00Z", "'from' must not be later than 'to'.")]
    public async Task ListExecutions_BadQuery_Is400(string query, string detail)
    {
        HttpExchange exchange = Exchange("GET", $"/tasks/running/{UserSpaceSyncTask.Name}", query: query);

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, UserSpaceSyncTask.Name, Executions));

        Assert.StartsWith(detail, exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task ListExecutions_ValidQuery_QueriesTheTasksPrefixWithTheFilters()
    {
        OrchestrationQuery? seen = null;
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns<OrchestrationQuery?>(q =>
            {
                seen = q;
                return Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>([], null)));
            });
        HttpExchange exchange = Exchange(
            "GET",
            $"/tasks/running/{UserSpaceSyncTask.Name}",
            query: "?status=failed&limit=5&from=2025-11-25T00:00:00Z&to=2025-11-26T00:00:00%2B08:00");

        await exchange.ExecuteAsync(await _api.ListExecutionsAsync(exchange.Request, UserSpaceSyncTask.Name, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(JsonValueKind.Array, exchange.Json().ValueKind);
        Assert.Equal(0, exchange.Json().GetArrayLength());
        Assert.False(exchange.Context.Response.Headers.ContainsKey(TaskApiRoutes.ContinuationHeader));
        Assert.NotNull(seen);
        Assert.Equal(ExecutionIds.TaskPrefix(UserSpaceSyncTask.Name), seen.InstanceIdPrefix);
        Assert.Equal(5, seen.PageSize);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 0, 0, 0, TimeSpan.Zero), seen.CreatedFrom);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 16, 0, 0, TimeSpan.Zero), seen.CreatedTo);
        Assert.Contains(OrchestrationRuntimeStatus.Failed, seen.Statuses!);
        Assert.DoesNotContain(OrchestrationRuntimeStatus.Completed, seen.Statuses!);
    }

    [Theory]
    [InlineData(null, "The body must be a JSON object.")]
    [InlineData("{", "The body is not valid JSON")]
    [InlineData("[\"" + ValidId + "\"]", "The body must be a JSON object, not an array.")]
    [InlineData("{}", "The body must have a 'executionIds' array.")]
    [InlineData("""{"executionIds":"550e8400-e29b-41d4-a716-446655440000"}""", "'executionIds' must be an array of strings, not a string.")]
    [InlineData("""{"executionIds":{"id":1}}""", "'executionIds' must be an array of strings, not an object.")]
    [InlineData("""{"executionIds":[42]}""", "'executionIds[0]' must be a non-empty string, not a number.")]
    public async Task CancelByIds_BadBody_Is400AndCancelsNothing(string? body, string detail)
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", body);

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.StartsWith(detail, exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task CancelByIds_OverAHundredIds_Is400AndCancelsNothing()
    {
        string[] ids = [.. Enumerable.Range(0, TaskApi.MaxExecutionIds + 1).Select(_ => Guid.NewGuid().ToString())];
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", JsonSerializer.Serialize(new { executionIds = ids }));

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal("'executionIds' holds 101 items; at most 100 are accepted per request.", exchange.Problem(400));
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task CancelByIds_ExactlyAHundredIds_IsAccepted()
    {
        _client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);
        string[] ids = [.. Enumerable.Range(0, TaskApi.MaxExecutionIds).Select(_ => Guid.NewGuid().ToString())];
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", JsonSerializer.Serialize(new { executionIds = ids }));

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(100, exchange.Json().GetProperty("notFound").GetArrayLength());
    }

    [Fact]
    public async Task CancelByIds_NormalizesAndDeduplicatesIdsBeforeCallingTheClient()
    {
        List<string> looked = [];
        _client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Callback<string, bool, CancellationToken>((id, _, _) =>
            {
                lock (looked)
                {
                    looked.Add(id);
                }
            })
            .ReturnsAsync((OrchestrationMetadata?)null);
        string body = JsonSerializer.Serialize(new { executionIds = new[] { ValidId.ToUpperInvariant(), "{" + ValidId + "}", ValidId } });
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", body);

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal([ValidId], looked);
        JsonElement result = exchange.Json();
        // One lookup for the one execution, and an answer for each id as it was sent.
        Assert.Equal([ValidId.ToUpperInvariant(), "{" + ValidId + "}", ValidId], result.GetProperty("notFound").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, result.GetProperty("cancelled").GetArrayLength());
    }

    [Fact]
    public async Task CancelByIds_TheSpecificationsExample_AnswersMalformedAndUnknownIdsAsNotFoundAsSent()
    {
        _client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null);
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-ids", """{ "executionIds": ["id1", "id2", "id3", "550E8400-E29B-41D4-A716-446655440000"] }""");

        await exchange.ExecuteAsync(await _api.CancelByIdsAsync(exchange.Request, Executions));

        Assert.Equal(200, exchange.StatusCode);
        JsonElement result = exchange.Json();
        Assert.Equal(["id1", "id2", "id3", "550E8400-E29B-41D4-A716-446655440000"], result.GetProperty("notFound").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, result.GetProperty("cancelled").GetArrayLength());
        Assert.Equal(0, result.GetProperty("notRunning").GetArrayLength());
        _client.Verify(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("by-ids", """{ "executionIds": [] }""", """{"cancelled":[],"notFound":[],"notRunning":[]}""")]
    [InlineData("by-task-names", """{ "taskNames": [] }""", """{"cancelled":[],"taskNotFound":[]}""")]
    public async Task Cancel_AnEmptyList_Is200WithEmptyLists(string route, string body, string expected)
    {
        HttpExchange exchange = Exchange("DELETE", $"/tasks/executions/cancel/{route}", body);

        IResult answer = route == "by-ids"
            ? await _api.CancelByIdsAsync(exchange.Request, Executions)
            : await _api.CancelByTaskNamesAsync(exchange.Request, Executions);
        await exchange.ExecuteAsync(answer);

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(expected, exchange.Json().GetRawText());
        Assert.Empty(_client.Invocations);
    }

    [Theory]
    [InlineData("""{"taskNames":"feishu-sync"}""", "'taskNames' must be an array of strings, not a string.")]
    [InlineData("""{"names":["feishu-sync"]}""", "The body must have a 'taskNames' array.")]
    public async Task CancelByTaskNames_BadBody_Is400AndCancelsNothing(string body, string detail)
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", body);

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.Equal(detail, exchange.Problem(400));
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNames_OverFiftyNames_Is400()
    {
        string body = JsonSerializer.Serialize(new { taskNames = Enumerable.Range(0, TaskApi.MaxTaskNames + 1).Select(i => $"t{i}") });
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", body);

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.Contains("at most 50", exchange.Problem(400), StringComparison.Ordinal);
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task CancelByTaskNames_UnknownNames_AreReportedWithoutQueries()
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/by-task-names", """{"taskNames":["ghost","spook"]}""");

        await exchange.ExecuteAsync(await _api.CancelByTaskNamesAsync(exchange.Request, Executions));

        Assert.Equal(200, exchange.StatusCode);
        JsonElement result = exchange.Json();
        Assert.Equal(["ghost", "spook"], result.GetProperty("taskNotFound").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, result.GetProperty("cancelled").GetArrayLength());
        Assert.Empty(_client.Invocations);
    }

    [Fact]
    public async Task CancelAll_WithNothingRunning_CountsZero()
    {
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>([], null))));
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/cancel/all");

        await exchange.ExecuteAsync(await _api.CancelAllAsync(exchange.Request, Executions));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(0, exchange.Json().GetProperty("count").GetInt32());
    }

    private InstanceStore Store() => new(_client);

    private HttpExchange Exchange(string method, string path, string? body = null, string? query = null) =>
        HttpExchange.Create(_services, method, path, body, query);
}
