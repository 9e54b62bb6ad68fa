using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// Every endpoint of the API driven over HTTP against a running local host. Each backend runs the same
/// scenarios through a subclass.
/// </summary>
public abstract class TaskApiScenarios(LocalHostFixture host) : HostScenarios(host)
{
    private const string Started = "开始执行任务 (超时限制: 30000ms)";
    private const string Succeeded = "任务执行成功";
    private const string Failed = "任务执行失败";
    private const string Cancelled = "任务已取消";

    [Fact]
    public async Task Catalog_ListsTheSampleTasksWithTheirTimeouts()
    {
        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(HttpMethod.Get, "/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonArray tasks = body!.AsArray();
        JsonNode sync = tasks.Single(t => t!["name"]!.GetValue<string>() == "user-space-sync")!;
        Assert.Equal(30000, sync["timeoutMs"]!.GetValue<int>());
        Assert.Contains(tasks, t => t!["name"]!.GetValue<string>() == "feishu-sync");
    }

    [Fact]
    public async Task ExecuteManual_Answers202AtOnceAndTheExecutionCompletesWithItsLogs()
    {
        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(
            HttpMethod.Post, "/tasks/user-space-sync/execute/manual", """{ "params": { "durationMs": 400, "steps": 2 } }""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string id = body!["executionId"]!.GetValue<string>();
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/tasks/running/execution/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("user-space-sync", body["taskName"]!.GetValue<string>());
        Assert.Equal("manual", body["trigger"]!.GetValue<string>());
        Assert.Equal("running", body["status"]!.GetValue<string>());
        Assert.EndsWith("Z", body["startedAt"]!.GetValue<string>());

        JsonNode done = await Http.WaitUntilFinishedAsync(id);

        Assert.Equal("completed", ApiClient.Status(done));
        Assert.Equal(id, done["executionId"]!.GetValue<string>());
        Assert.Equal("manual", done["trigger"]!.GetValue<string>());
        Assert.NotNull(done["finishedAt"]);
        IReadOnlyList<string> messages = ApiClient.Messages(done);
        Assert.Equal(Started, messages[0]);
        Assert.Equal(Succeeded, messages[^1]);
        Assert.Equal(2, messages.Count(m => m.Contains("步完成", StringComparison.Ordinal)));
        Assert.Contains(messages, m => m.StartsWith("执行耗时", StringComparison.Ordinal)); // the sample after-middleware
        Assert.All(done["logs"]!.AsArray(), e => Assert.Contains(e!["level"]!.GetValue<string>(), new[] { "info", "debug" }));
    }

    [Fact]
    public async Task Execution_FailingHandler_ReadsFailedWithTheErrorTypeAndMessageAndRunsErrorMiddleware()
    {
        string id = await Http.StartAsync("feishu-sync", new { durationMs = 200, fail = true }, trigger: "api");

        JsonNode done = await Http.WaitUntilFinishedAsync(id);

        Assert.Equal("failed", ApiClient.Status(done));
        Assert.Equal("api", done["trigger"]!.GetValue<string>());
        JsonNode error = done["logs"]!.AsArray().Single(e => e!["level"]!.GetValue<string>() == "error")!;
        Assert.Equal(Failed, error["message"]!.GetValue<string>());
        Assert.Equal("System.InvalidOperationException", error["data"]!["type"]!.GetValue<string>());
        Assert.Contains("simulated failure", error["data"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("handler", error["data"]!["stage"]!.GetValue<string>());
        Assert.Equal(3, error["data"]!["attempt"]!.GetValue<int>()); // feishu-sync makes three attempts
        Assert.StartsWith("执行耗时", ApiClient.Messages(done)[^1], StringComparison.Ordinal); // error middleware ran last
    }

    [Fact]
    public async Task Execution_HandlerPastItsTimeout_ReadsFailedWithATimeoutEntry()
    {
        string id = await Http.StartAsync(TestTasks.Stubborn, new { sleepMs = 2500 });

        JsonNode done = await Http.WaitUntilFinishedAsync(id);

        Assert.Equal("failed", ApiClient.Status(done));
        JsonNode timeout = done["logs"]!.AsArray().Single(e => e!["message"]!.GetValue<string>() == "任务执行超时 (1000ms)")!;
        Assert.Equal("error", timeout["level"]!.GetValue<string>());
        Assert.Equal("System.TimeoutException", timeout["data"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReactFlow_StartThenPollEverySecondUntilNotRunning_SeesTheExecutionComplete()
    {
        string id = await Http.StartAsync("user-space-sync", new { durationMs = 1500, steps = 3 });

        JsonNode done = await Http.WaitUntilFinishedAsync(id, interval: TimeSpan.FromSeconds(1));

        Assert.Equal("completed", ApiClient.Status(done));
        Assert.Equal(Succeeded, ApiClient.Messages(done)[^1]);
        Assert.Equal(3, ApiClient.Messages(done).Count(m => m.Contains("步完成", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CancelByIds_CancelsARunningExecutionAndSortsTheOtherIds()
    {
        string running = await Http.StartAsync("user-space-sync", new { durationMs = 30000, steps = 30 });
        string finished = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 });
        await Http.WaitUntilFinishedAsync(finished);
        string unknown = Guid.NewGuid().ToString();

        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(
            HttpMethod.Delete,
            "/tasks/executions/cancel/by-ids",
            $$"""{ "executionIds": ["{{running}}", "{{finished}}", "{{unknown}}"] }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([running], body!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([unknown], body["notFound"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([finished], body["notRunning"]!.AsArray().Select(n => n!.GetValue<string>()));

        JsonNode cancelled = await Http.WaitUntilFinishedAsync(running);
        Assert.Equal("cancelled", ApiClient.Status(cancelled));
        Assert.Equal(Cancelled, ApiClient.Messages(cancelled)[^1]);
        Assert.NotNull(cancelled["finishedAt"]);
    }

    [Fact]
    public async Task CancelByTaskNames_CancelsThatTasksRunningExecutionsAndReportsUnknownNames()
    {
        string first = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 30000 });
        string second = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 30000 });
        string other = await Http.StartAsync("user-space-sync", new { durationMs = 30000, steps = 30 });

        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(
            HttpMethod.Delete, "/tasks/executions/cancel/by-task-names", $$"""{ "taskNames": ["{{TestTasks.Probe}}", "no-such-task"] }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string[] cancelled = [.. body!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>())];
        Assert.Contains(first, cancelled);
        Assert.Contains(second, cancelled);
        Assert.DoesNotContain(other, cancelled);
        Assert.Equal(["no-such-task"], body["taskNotFound"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("cancelled", ApiClient.Status(await Http.WaitUntilFinishedAsync(first)));
        Assert.Equal("running", ApiClient.Status(await Http.GetExecutionAsync(other)));

        // Leave nothing running for the next test of the class (CancelAll counts what runs).
        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{other}}"] }""");
        Assert.Equal("cancelled", ApiClient.Status(await Http.WaitUntilFinishedAsync(other)));
    }

    [Fact]
    public async Task CancelAll_CancelsEveryRunningExecutionAndCountsThem()
    {
        // The tests of a class run one after another, and some leave executions running: cancel those first, so that
        // only this test's two run when it counts.
        (HttpResponseMessage cleared, _) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/all");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        string first = await Http.StartAsync("feishu-sync", new { durationMs = 30000, steps = 30 });
        string second = await Http.StartAsync("user-space-sync", new { durationMs = 30000, steps = 30 });

        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body!["count"]!.GetValue<int>());
        Assert.Equal("cancelled", ApiClient.Status(await Http.WaitUntilFinishedAsync(first)));
        Assert.Equal("cancelled", ApiClient.Status(await Http.WaitUntilFinishedAsync(second)));
    }

    [Fact]
    public async Task Listing_ReturnsTheTasksExecutionsNewestFirstInPagesWithAContinuationHeader()
    {
        // Only executions started from now on count, whatever else of the task the host has run.
        string from = $"from={DateTime.UtcNow.AddMilliseconds(-1):O}";
        string[] ids = new string[3];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = await Http.StartAsync("feishu-sync", new { durationMs = 0, steps = 1 });
            await Http.WaitUntilFinishedAsync(ids[i]);
        }

        (HttpResponseMessage first, JsonNode? page1) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/feishu-sync?status=completed&limit=2&{from}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal([ids[2], ids[1]], page1!.AsArray().Select(e => e!["executionId"]!.GetValue<string>()));
        Assert.All(page1.AsArray(), e =>
        {
            Assert.Equal("completed", e!["status"]!.GetValue<string>());
            Assert.NotEmpty(e["logs"]!.AsArray());
            Assert.NotNull(e["startedAt"]);
        });
        string token = first.Headers.GetValues("x-ms-continuation-token").Single();

        (HttpResponseMessage second, JsonNode? page2) = await Http.SendAsync(
            HttpMethod.Get, $"/tasks/running/feishu-sync?status=completed&limit=2&{from}&continuationToken={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal([ids[0]], page2!.AsArray().Select(e => e!["executionId"]!.GetValue<string>()));

        (_, JsonNode? failedOnly) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/feishu-sync?status=failed&limit=100&{from}");
        Assert.DoesNotContain(failedOnly!.AsArray(), e => ids.Contains(e!["executionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Listing_WithoutALimit_AnswersTwentyAndATokenForTheRest()
    {
        string from = $"from={DateTime.UtcNow.AddMilliseconds(-1):O}";
        string[] started = await Task.WhenAll(Enumerable.Range(0, 23).Select(_ => Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 })));

        (HttpResponseMessage first, JsonNode? page1) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?{from}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        string[] listed = [.. page1!.AsArray().Select(e => e!["executionId"]!.GetValue<string>())];
        Assert.Equal(20, listed.Length);
        Assert.Equal(started.OrderBy(id => id, StringComparer.Ordinal).Take(20), listed); // newest first: ids sort by inverted time
        string token = first.Headers.GetValues("x-ms-continuation-token").Single();
        (HttpResponseMessage second, JsonNode? page2) = await Http.SendAsync(
            HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?{from}&continuationToken={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(started.OrderBy(id => id, StringComparer.Ordinal).Skip(20), page2!.AsArray().Select(e => e!["executionId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Listing_PageWhoseExecutionsTheStatusFilterRemoves_IsSkippedNotAnsweredEmpty()
    {
        string from = $"from={DateTime.UtcNow.AddMilliseconds(-1):O}";
        string[] completed = new string[3];
        for (int i = 0; i < completed.Length; i++)
        {
            completed[i] = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 });
            Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(completed[i])));
        }

        // The two newest are running: a query for completed executions reads them (a running instance may already
        // have completed in its custom status) and filters them away, so the first page of two holds none.
        string[] running = [await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 }), await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 })];

        (HttpResponseMessage response, JsonNode? page) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?status=completed&limit=2&{from}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([completed[2], completed[1]], page!.AsArray().Select(e => e!["executionId"]!.GetValue<string>()));
        foreach (string id in running)
        {
            Assert.Equal("running", ApiClient.Status(await Http.GetExecutionAsync(id)));
        }
    }

    [Fact]
    public async Task Execution_LogLargerThanTheCustomStatusLimit_IsServedWholeOnceFinished()
    {
        const int Lines = 1500;
        string id = await Http.StartAsync(TestTasks.Chatty, new { lines = Lines, padding = 60 });

        JsonNode done = await Http.WaitUntilFinishedAsync(id);

        Assert.Equal("completed", ApiClient.Status(done));
        IReadOnlyList<string> messages = ApiClient.Messages(done);
        Assert.Equal(Started, messages[0]);
        Assert.Equal(Succeeded, messages[^1]);
        string[] lines = [.. messages.Where(m => m.StartsWith("line ", StringComparison.Ordinal))];
        Assert.Equal(Lines, lines.Length);
        Assert.All(lines.Select((m, i) => (m, i)), x => Assert.StartsWith($"line {x.i} ", x.m, StringComparison.Ordinal));
        Assert.Null(done["omittedLogCount"]);

        (_, JsonNode? list) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Chatty}?limit=1");
        JsonNode item = list!.AsArray().Single()!;
        Assert.True(item["omittedLogCount"]!.GetValue<int>() > 0);
        Assert.True(item["logs"]!.AsArray().Count + item["omittedLogCount"]!.GetValue<int>() == messages.Count, item.ToJsonString()[..200]);
    }

    [Fact]
    public async Task Cancel_TheSpecificationsExample_AnswersUnknownIdsAsNotFoundAndEmptyListsWith200()
    {
        string running = await Http.StartAsync("feishu-sync", new { durationMs = 30_000, steps = 30 });

        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(
            HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["id1", "{{running.ToUpperInvariant()}}", "id3"] }""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([running.ToUpperInvariant()], body!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["id1", "id3"], body["notFound"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("cancelled", ApiClient.Status(await Http.GetExecutionAsync(running)));

        (HttpResponseMessage empty, JsonNode? emptyBody) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", """{ "executionIds": [] }""");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("""{"cancelled":[],"notFound":[],"notRunning":[]}""", emptyBody!.ToJsonString());
        (HttpResponseMessage noNames, JsonNode? noNamesBody) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-task-names", """{ "taskNames": [] }""");
        Assert.Equal(HttpStatusCode.OK, noNames.StatusCode);
        Assert.Equal("""{"cancelled":[],"taskNotFound":[]}""", noNamesBody!.ToJsonString());
    }

    [Theory]
    [InlineData("POST", "/tasks/user-space-sync/execute/manual", "{ not json", 400, "not valid JSON")]
    [InlineData("POST", "/tasks/user-space-sync/execute/api", """{ "params": [1, 2] }""", 400, "'params' must be a JSON object")]
    [InlineData("POST", "/tasks/user-space-sync/execute/manual", "[]", 400, "must be a JSON object")]
    [InlineData("POST", "/tasks/no-such-task/execute/manual", "{}", 404, "no-such-task")]
    [InlineData("GET", "/tasks/running/execution/not-a-uuid", null, 404, "not-a-uuid")]
    [InlineData("GET", "/tasks/running/execution/550e8400-e29b-41d4-a716-446655440000", null, 404, "550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("GET", "/tasks/running/no-such-task", null, 404, "no-such-task")]
    [InlineData("GET", "/tasks/running/user-space-sync?status=done", null, 400, "'status'")]
    [InlineData("GET", "/tasks/running/user-space-sync?limit=0", null, 400, "'limit'")]
    [InlineData("GET", "/tasks/running/user-space-sync?from=yesterday", null, 400, "'from'")]
    [InlineData("DELETE", "/tasks/executions/cancel/by-ids", "", 400, "JSON object")]
    [InlineData("DELETE", "/tasks/executions/cancel/by-ids", """{ "executionIds": "abc" }""", 400, "must be an array")]
    [InlineData("DELETE", "/tasks/executions/cancel/by-ids", """{ "executionIds": [""] }""", 400, "executionIds[0]")]
    [InlineData("DELETE", "/tasks/executions/cancel/by-ids", """{ "ids": [] }""", 400, "'executionIds'")]
    [InlineData("DELETE", "/tasks/executions/cancel/by-task-names", """{ "taskNames": [42] }""", 400, "taskNames[0]")]
    public async Task Api_BadInput_GetsAProblemWithAClearDetail(string method, string path, string? body, int status, string detailPart)
    {
        (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(new HttpMethod(method), path, body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(status, problem!["status"]!.GetValue<int>());
        Assert.Contains(detailPart, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_TooManyIdsOrAnOversizedBody_IsRefusedWithoutCancellingAnything()
    {
        string running = await Http.StartAsync("user-space-sync", new { durationMs = 30000, steps = 30 });
        string ids = string.Join(",", Enumerable.Range(0, 100).Select(_ => $"\"{Guid.NewGuid()}\"").Append($"\"{running}\""));

        (HttpResponseMessage tooMany, JsonNode? problem) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": [{{ids}}] }""");
        (HttpResponseMessage tooLarge, _) = await Http.SendAsync(
            HttpMethod.Post, "/tasks/user-space-sync/execute/manual", $$"""{ "params": { "blob": "{{new string('x', 70_000)}}" } }""");

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 100", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("running", ApiClient.Status(await Http.GetExecutionAsync(running)));
    }
}
