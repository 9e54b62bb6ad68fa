using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.Protocol;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// The OpenAPI document the host serves, checked against the host itself: every route it maps is described (and
/// nothing else), and real answers of every route (successes and problem details) match the schemas the document gives
/// for their operation and status. Each backend runs them through a subclass.
/// </summary>
public abstract class OpenApiScenarios(LocalHostFixture host) : HostScenarios(host), IAsyncLifetime
{
    private const string Start = "/tasks/{taskName}/execute/manual";
    private const string StartApi = "/tasks/{taskName}/execute/api";
    private const string Status = "/tasks/running/execution/{executionId}";
    private const string Events = "/tasks/running/execution/{executionId}/events";
    private const string List = "/tasks/running/{taskName}";

    private readonly IServiceProvider _services = host.Services;
    private OpenApiContract _contract = null!;

    async Task IAsyncLifetime.InitializeAsync() => _contract = await OpenApiContract.LoadAsync(Http);

    [Fact]
    public async Task Document_IsOpenApi31ServedAsJson()
    {
        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(HttpMethod.Get, "/openapi.json");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.1.", body!["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("TaskFunctions", body["info"]!["title"]!.GetValue<string>());
        _contract.AssertAnswer(HttpMethod.Get, "/openapi.json", response, body.ToJsonString());
    }

    [Fact]
    public void Document_DescribesEveryRouteTheHostMaps_AndNoOther()
    {
        string[] mapped =
        [
            .. _services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
                .Order(StringComparer.Ordinal),
        ];

        Assert.Contains("GET /tasks/running/execution/{executionId}/events", mapped);
        Assert.Equal(mapped, _contract.Operations().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CatalogAndStarts_AnswersMatchTheirSchemas()
    {
        await _contract.SendAsync(Http, HttpMethod.Get, "/tasks", "/tasks");

        // 202, then 200 for the same key; 409 while the one-at-a-time task runs.
        (HttpResponseMessage started, JsonNode? accepted) = await _contract.SendAsync(
            Http, HttpMethod.Post, Start, "/tasks/user-space-sync/execute/manual", """{ "params": { "durationMs": 3000, "steps": 2 } }""",
            r => r.Headers.Add("Idempotency-Key", "openapi-" + Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        (HttpResponseMessage repeated, _) = await _contract.SendAsync(
            Http, HttpMethod.Post, Start, "/tasks/user-space-sync/execute/manual", """{ "params": { "durationMs": 3000, "steps": 2 } }""",
            r => r.Headers.Add("Idempotency-Key", started.RequestMessage!.Headers.GetValues("Idempotency-Key").Single()));
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.False(string.IsNullOrEmpty(accepted!["executionId"]!.GetValue<string>()));

        // 409 from a task that refuses beyond its limit, and from a task whose queue is full.
        string exclusive = await Http.StartAsync(TestTasks.Exclusive, new { sleepMs = 60_000 });
        (HttpResponseMessage conflict, JsonNode? problem) = await _contract.SendAsync(Http, HttpMethod.Post, StartApi, $"/tasks/{TestTasks.Exclusive}/execute/api");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(exclusive, problem!["runningExecutionIds"]![0]!.GetValue<string>());
        string[] lined = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Http.StartAsync(TestTasks.ShortQueue, new { sleepMs = 60_000 })))];
        await Eventually.UntilAsync(
            async () => (await Task.WhenAll(lined.Select(Http.GetExecutionAsync))).Count(e => ApiClient.Messages(e).Any(m => m.StartsWith("排队等待", StringComparison.Ordinal))) == 2,
            TimeSpan.FromSeconds(30),
            "two of the three executions did not start waiting in the queue");
        (HttpResponseMessage full, JsonNode? fullProblem) = await _contract.SendAsync(Http, HttpMethod.Post, StartApi, $"/tasks/{TestTasks.ShortQueue}/execute/api");
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Equal(2, fullProblem!["queuedExecutionIds"]!.AsArray().Count);
        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", JsonSerializer.Serialize(new { executionIds = lined.Append(exclusive) }));

        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Post, Start, "/tasks/no-such-task/execute/manual", "{}");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Start, "/tasks/feishu-sync/execute/manual", "{ not json");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, StartApi, "/tasks/feishu-sync/execute/api", """{ "params": { "steps": "many" } }""");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, Start, "/tasks/feishu-sync/execute/manual", """{ "timeoutMs": 0 }""");
        await ExpectAsync(HttpStatusCode.RequestEntityTooLarge, HttpMethod.Post, Start, "/tasks/feishu-sync/execute/manual", $$"""{ "params": { "note": "{{new string('x', 70_000)}}" } }""");
    }

    [Fact]
    public async Task StatusAndList_AnswersMatchTheirSchemas()
    {
        string id = await Http.StartAsync("feishu-sync", new { durationMs = 1500, steps = 3, note = "<b>openapi</b>" });
        (_, JsonNode? running) = await _contract.SendAsync(Http, HttpMethod.Get, Status, $"/tasks/running/execution/{id}");
        Assert.Equal(id, running!["executionId"]!.GetValue<string>());
        await _contract.SendAsync(Http, HttpMethod.Get, Status, $"/tasks/running/execution/{id}?after=1");
        await Http.WaitUntilFinishedAsync(id);
        (_, JsonNode? done) = await _contract.SendAsync(Http, HttpMethod.Get, Status, $"/tasks/running/execution/{id}");
        Assert.Equal("completed", ApiClient.Status(done!));
        string failed = await Http.StartAsync("feishu-sync", new { durationMs = 0, steps = 1, fail = true });
        await Http.WaitUntilFinishedAsync(failed);
        (_, JsonNode? error) = await _contract.SendAsync(Http, HttpMethod.Get, Status, $"/tasks/running/execution/{failed}");
        Assert.Equal("failed", ApiClient.Status(error!));

        (HttpResponseMessage page, JsonNode? items) = await _contract.SendAsync(Http, HttpMethod.Get, List, "/tasks/running/feishu-sync?limit=1");
        Assert.Single(items!.AsArray());
        Assert.True(page.Headers.Contains("x-ms-continuation-token"));
        await _contract.SendAsync(Http, HttpMethod.Get, List, "/tasks/running/feishu-sync?status=completed");

        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Status, $"/tasks/running/execution/{ExecutionIds.New("feishu-sync", DateTime.UtcNow)}");
        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, Status, "/tasks/running/execution/nope");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, Status, $"/tasks/running/execution/{id}?after=-1");
        await ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, List, "/tasks/running/no-such-task");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, List, "/tasks/running/feishu-sync?limit=0");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, List, "/tasks/running/feishu-sync?status=sleeping");
    }

    [Fact]
    public async Task Cancels_AnswersMatchTheirSchemas()
    {
        string running = await Http.StartAsync("user-space-sync", new { durationMs = 60_000, steps = 2 });
        string finished = await Http.StartAsync("feishu-sync", new { durationMs = 0, steps = 1 });
        await Http.WaitUntilFinishedAsync(finished);

        (_, JsonNode? byIds) = await _contract.SendAsync(
            Http, HttpMethod.Delete, "/tasks/executions/cancel/by-ids", "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{running}}", "{{finished}}", "nope"] }""");
        Assert.Equal([running], byIds!["cancelled"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal([finished], byIds["notRunning"]!.AsArray().Select(i => i!.GetValue<string>()));
        await Http.StartAsync("user-space-sync", new { durationMs = 60_000, steps = 2 });
        (_, JsonNode? byNames) = await _contract.SendAsync(
            Http, HttpMethod.Delete, "/tasks/executions/cancel/by-task-names", "/tasks/executions/cancel/by-task-names", """{ "taskNames": ["user-space-sync", "nope"] }""");
        Assert.Single(byNames!["cancelled"]!.AsArray());
        await _contract.SendAsync(Http, HttpMethod.Delete, "/tasks/executions/cancel/all", "/tasks/executions/cancel/all");

        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Delete, "/tasks/executions/cancel/by-ids", "/tasks/executions/cancel/by-ids", """{ "executionIds": "x" }""");
        await ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Delete, "/tasks/executions/cancel/by-task-names", "/tasks/executions/cancel/by-task-names", "[]");
        await ExpectAsync(HttpStatusCode.RequestEntityTooLarge, HttpMethod.Delete, "/tasks/executions/cancel/by-ids", "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{new string('x', 70_000)}}"] }""");
    }

    [Fact]
    public async Task EventStream_EachEventMatchesTheSchemaTheDocumentNamesForIt()
    {
        string id = await Http.StartAsync("feishu-sync", new { durationMs = 1500, steps = 3 });
        await using EventStreamClient stream = await EventStreamClient.OpenAsync(Http, id);
        List<ServerSentEvent> events = await stream.ReadToEndAsync(TimeSpan.FromSeconds(60));

        _contract.AssertAnswer(HttpMethod.Get, Events, stream.Response, string.Empty);
        JsonObject schemas = _contract.Document["paths"]![Events]!["get"]!["responses"]!["200"]!["x-events"]!.AsObject();
        Assert.Equal(["execution", "log", "status"], events.Select(e => e.Type).Distinct());
        foreach (ServerSentEvent e in events)
        {
            _contract.AssertMatches(schemas[e.Type]!, e.Data, $"event {e.Type}");
        }

        await using EventStreamClient unknown = await EventStreamClient.OpenAsync(Http, "nope");
        _contract.AssertAnswer(HttpMethod.Get, Events, unknown.Response, unknown.Answer!);
        await using EventStreamClient bad = await EventStreamClient.OpenAsync(Http, id, lastEventId: "x");
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
        _contract.AssertAnswer(HttpMethod.Get, Events, bad.Response, bad.Answer!);
    }

    [Fact]
    public async Task HostsOwnProblems_MatchTheProblemSchema()
    {
        (HttpResponseMessage unknownRoute, JsonNode? notFound) = await Http.SendAsync(HttpMethod.Get, "/no/such/route");
        (HttpResponseMessage wrongMethod, JsonNode? notAllowed) = await Http.SendAsync(HttpMethod.Put, "/tasks");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed), (unknownRoute.StatusCode, wrongMethod.StatusCode));
        _contract.AssertMatchesComponent("ProblemDetails", notFound!.ToJsonString(), "unknown route");
        _contract.AssertMatchesComponent("ProblemDetails", notAllowed!.ToJsonString(), "wrong method");
    }

    [Fact]
    public async Task Contract_AnAnswerThatDoesNotMatchItsSchema_FailsTheCheck()
    {
        (_, JsonNode? accepted) = await _contract.SendAsync(Http, HttpMethod.Post, Start, "/tasks/feishu-sync/execute/manual", """{ "params": { "durationMs": 0 } }""");
        JsonNode schema = _contract.Document["paths"]![Start]!["post"]!["responses"]!["202"]!["content"]!["application/json"]!["schema"]!;
        JsonObject Changed(Action<JsonObject> change)
        {
            JsonObject copy = accepted!.DeepClone().AsObject();
            change(copy);
            return copy;
        }

        _contract.AssertMatches(schema, accepted!.ToJsonString(), "the real answer");
        JsonObject[] wrong =
        [
            Changed(a => a.Remove("executionId")),
            Changed(a => a["status"] = "sleeping"),
            Changed(a => a["trigger"] = 1),
            Changed(a => a["startedAt"] = "yesterday"),
            Changed(a => a["taskName"] = null),
        ];
        Assert.All(wrong, w => Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => _contract.AssertMatches(schema, w.ToJsonString(), "a changed answer")));

        using var notListed = new HttpResponseMessage(HttpStatusCode.Gone) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => _contract.AssertAnswer(HttpMethod.Post, Start, notListed, "{}"));
        using var wrongType = new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain") };
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => _contract.AssertAnswer(HttpMethod.Post, Start, wrongType, "{}"));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => _contract.AssertMatchesComponent("ProblemDetails", """{ "title": "x", "status": 404 }""", "a problem without detail"));
    }

    private async Task ExpectAsync(HttpStatusCode expected, HttpMethod method, string template, string path, string? json = null)
    {
        (HttpResponseMessage response, JsonNode? body) = await _contract.SendAsync(Http, method, template, path, json);
        Assert.True(expected == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body?.ToJsonString()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
