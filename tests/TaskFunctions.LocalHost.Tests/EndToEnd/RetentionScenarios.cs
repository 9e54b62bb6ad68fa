using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.Protocol;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// Purge and replay over HTTP against a running local host: what a purge removes (old finished executions with their
/// archived log chunks, key claims and free slots) and what it leaves (running executions with what they own, recent
/// ones), checked through the API and in the engine's instances; and a replay's start, log and view. Each backend runs
/// the same scenarios through a subclass.
/// </summary>
public abstract class RetentionScenarios(LocalHostFixture host) : HostScenarios(host)
{
    private const string Succeeded = "任务执行成功";

    [Fact]
    public async Task Purge_ByApi_RemovesOldFinishedExecutionsWithTheirChunksKeysAndFreeSlots_AndKeepsRunningAndRecentOnes()
    {
        string key = "purge-" + Guid.NewGuid().ToString("N");

        // Before the cutoff: a long log (archived in chunks) started with a key, a failed one-at-a-time execution
        // (whose slot is then free), a cancelled one; and, still running, a writer whose log is archived while it runs
        // and a one-at-a-time execution that holds its task's slot.
        string chatty = await StartWithKeyAsync(TestTasks.Chatty, key, new { lines = 600, padding = 60 });
        string failed = await Http.StartAsync("user-space-sync", new { durationMs = 50, steps = 1, fail = true });
        string cancelled = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 });
        string writer = await Http.StartAsync(TestTasks.Writer, new { entries = 400, holdMs = 60_000 });
        string holding = await Http.StartAsync("feishu-sync", new { durationMs = 25_000, steps = 1 });
        (HttpResponseMessage cancel, _) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{cancelled}}"] }""");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(chatty)));
        Assert.Equal("failed", ApiClient.Status(await Http.WaitUntilFinishedAsync(failed)));
        await Eventually.UntilAsync(
            async () => await Durable.GetInstanceAsync(InstanceIds.LogChunk(writer, 0)),
            chunk => chunk is not null,
            TimeSpan.FromSeconds(20),
            "the running writer's log was not archived");
        await Task.Delay(200);
        DateTime cutoff = DateTime.UtcNow;
        await Task.Delay(200);

        // After the cutoff: another long log, with another key.
        string recent = await StartWithKeyAsync(TestTasks.Chatty, key + "-recent", new { lines = 600, padding = 60 });
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(recent)));

        // What the lists say finished before the cutoff, of every task (other tests of the class may have left some).
        Dictionary<string, JsonNode> listed = await ListAllAsync();
        string[] old = [.. listed.Values.Where(e => ApiClient.Status(e) != "running" && FinishedAt(e) < cutoff).Select(Id)];
        Assert.Contains(chatty, old);
        Assert.Contains(failed, old);
        Assert.Contains(cancelled, old);
        Assert.DoesNotContain(writer, old);
        Assert.DoesNotContain(holding, old);
        Assert.DoesNotContain(recent, old);
        string[] oldCancelled = [.. old.Where(id => ApiClient.Status(listed[id]) == "cancelled")];

        // First the cancelled ones only, then every status.
        JsonNode onlyCancelled = await PurgeAsync($"before={cutoff:O}&status=cancelled");
        Assert.Equal(oldCancelled.Length, onlyCancelled["purged"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{cancelled}")).Response.StatusCode);
        Assert.Equal("failed", ApiClient.Status(await Http.GetExecutionAsync(failed)));
        JsonNode rest = await PurgeAsync($"before={Uri.EscapeDataString(cutoff.ToString("O", CultureInfo.InvariantCulture))}");
        Assert.Equal(old.Length - oldCancelled.Length, rest["purged"]!.GetValue<int>());
        Assert.Equal("""{"purged":0}""", (await PurgeAsync($"before={cutoff:O}")).ToJsonString());

        // What was purged is gone, with what belonged to it.
        foreach (string id in old)
        {
            (HttpResponseMessage gone, JsonNode? problem) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{id}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Contains(id, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Null(await Durable.GetInstanceAsync(id));
        }

        Assert.Null(await Durable.GetInstanceAsync(InstanceIds.LogChunk(chatty, 0)));
        Assert.Null(await Durable.GetInstanceAsync(InstanceIds.KeyClaim(TestTasks.Chatty, key)));
        Assert.Null(await Durable.GetInstanceAsync(InstanceIds.Slot("user-space-sync", 0)));

        // What runs, and what is recent, stays whole.
        JsonNode stillWriting = await Http.GetExecutionAsync(writer);
        Assert.Equal("running", ApiClient.Status(stillWriting));
        Assert.Equal(401, stillWriting["logCount"]!.GetValue<int>());
        Assert.Equal(401, stillWriting["logs"]!.AsArray().Count);
        Assert.NotNull(await Durable.GetInstanceAsync(InstanceIds.LogChunk(writer, 0)));
        Assert.Equal("running", ApiClient.Status(await Http.GetExecutionAsync(holding)));
        // The slot stays while its execution runs (a loaded engine may not have run its first episode yet: Pending).
        OrchestrationMetadata? slot = await Durable.GetInstanceAsync(InstanceIds.Slot("feishu-sync", 0));
        Assert.Contains(slot?.RuntimeStatus, new OrchestrationRuntimeStatus?[] { OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running });
        JsonNode recentRead = await Http.GetExecutionAsync(recent);
        Assert.Equal(600, ApiClient.Messages(recentRead).Count(m => m.StartsWith("line ", StringComparison.Ordinal)));
        Assert.Equal(recentRead["logCount"]!.GetValue<int>(), recentRead["logs"]!.AsArray().Count);
        Assert.Equal(Succeeded, ApiClient.Messages(recentRead)[^1]);
        Assert.NotNull(await Durable.GetInstanceAsync(InstanceIds.LogChunk(recent, 0)));
        Assert.NotNull(await Durable.GetInstanceAsync(InstanceIds.KeyClaim(TestTasks.Chatty, key + "-recent")));

        // The lists agree: exactly the purged executions are missing.
        Dictionary<string, JsonNode> after = await ListAllAsync();
        Assert.Equal(listed.Keys.Except(old).Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));

        // The purged key starts afresh, the recent one still answers its execution, and the free slot can be taken again.
        (HttpResponseMessage again, JsonNode? againBody) = await SendWithKeyAsync(TestTasks.Chatty, key, new { lines = 1 });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.NotEqual(chatty, againBody!["executionId"]!.GetValue<string>());
        (HttpResponseMessage repeat, JsonNode? repeatBody) = await SendWithKeyAsync(TestTasks.Chatty, key + "-recent", new { lines = 1 });
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(recent, repeatBody!["executionId"]!.GetValue<string>());
        string next = await Http.StartAsync("user-space-sync", new { durationMs = 50, steps = 1 });
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(next)));
    }

    [Theory]
    [InlineData("", "'before' is required")]
    [InlineData("before=yesterday", "'before' must be an ISO-8601 date-time")]
    [InlineData("before=2025-11-25T11:05:00Z&status=running", "running executions are never purged")]
    [InlineData("before=2025-11-25T11:05:00Z&status=done", "'status' must be completed, failed or cancelled")]
    public async Task Purge_ABadQuery_Is400ProblemThatSaysWhatIsWrong(string query, string detail)
    {
        (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/purge?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_AFinishedExecution_RunsTheSameTaskWithTheSameParamsAndTimeout_AndItsLogNamesTheOriginal()
    {
        string original = await Http.StartAsync(TestTasks.Writer, new { entries = 3 }, trigger: "api", timeoutMs: 5000);
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(original)));

        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(HttpMethod.Post, $"/tasks/running/execution/{original.ToUpperInvariant()}/replay");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string replay = body!["executionId"]!.GetValue<string>();
        Assert.NotEqual(original, replay);
        Assert.Equal($"/tasks/running/execution/{replay}", response.Headers.Location!.OriginalString);
        Assert.Equal(TestTasks.Writer, body["taskName"]!.GetValue<string>());
        Assert.Equal("replay", body["trigger"]!.GetValue<string>());
        Assert.Equal("running", body["status"]!.GetValue<string>());

        JsonNode done = await Http.WaitUntilFinishedAsync(replay);
        Assert.Equal("completed", ApiClient.Status(done));
        Assert.Equal("replay", done["trigger"]!.GetValue<string>());
        Assert.Equal(original, done["replayOf"]!.GetValue<string>());
        Assert.Equal(
            ["开始执行任务 (超时限制: 5000ms)", $"重新运行执行 {original}", "written 0", "written 1", "written 2"],
            ApiClient.Messages(done).Take(5));
        Assert.Equal(Succeeded, ApiClient.Messages(done)[^1]);
        Assert.Equal(original, done["logs"]![1]!["data"]!["replayOf"]!.GetValue<string>());
        Assert.Null((await Http.GetExecutionAsync(original))["replayOf"]);
        Dictionary<string, JsonNode> listed = await ListAllAsync();
        Assert.Equal(original, listed[replay]["replayOf"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replay_WithAnIdempotencyKey_StartsOnce_AndARepeatAnswers200WithThatExecution()
    {
        string original = await Http.StartAsync(TestTasks.Writer, new { entries = 1 });
        string key = "replay-" + Guid.NewGuid().ToString("N");

        (HttpResponseMessage first, JsonNode? firstBody) = await ReplayWithKeyAsync(original, key);
        (HttpResponseMessage repeat, JsonNode? repeatBody) = await ReplayWithKeyAsync(original, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        string replay = firstBody!["executionId"]!.GetValue<string>();
        Assert.Equal(replay, repeatBody!["executionId"]!.GetValue<string>());
        Assert.Equal($"/tasks/running/execution/{replay}", repeat.Headers.Location!.OriginalString);
        JsonNode done = await Http.WaitUntilFinishedAsync(replay);
        Assert.Equal(original, done["replayOf"]!.GetValue<string>());
        Dictionary<string, JsonNode> listed = await ListAllAsync();
        Assert.Single(listed.Values, e => e["replayOf"]?.GetValue<string>() == original);
    }

    [Theory]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("not-a-uuid")]
    public async Task Replay_AnUnknownOrImpossibleId_Is404Problem(string id)
    {
        (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(HttpMethod.Post, $"/tasks/running/execution/{id}/replay");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(id, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_AtTheTasksConcurrencyLimit_Is409NamingTheRunningExecution()
    {
        string original = await Http.StartAsync(TestTasks.Exclusive, new { sleepMs = 50 });
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(original)));
        string holder = await Http.StartAsync(TestTasks.Exclusive, new { sleepMs = 20_000 });

        (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(HttpMethod.Post, $"/tasks/running/execution/{original}/replay");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([holder], problem!["runningExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{holder}}"] }""");
    }

    private static string Id(JsonNode execution) => execution["executionId"]!.GetValue<string>();

    private static DateTime FinishedAt(JsonNode execution) =>
        DateTime.Parse(execution["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private async Task<JsonNode> PurgeAsync(string query)
    {
        (HttpResponseMessage response, JsonNode? body) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/purge?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    /// <summary>Every execution of every task, read through the lists page by page.</summary>
    private async Task<Dictionary<string, JsonNode>> ListAllAsync()
    {
        Dictionary<string, JsonNode> all = new(StringComparer.Ordinal);
        (_, JsonNode? catalog) = await Http.SendAsync(HttpMethod.Get, "/tasks");
        foreach (string task in catalog!.AsArray().Select(t => t!["name"]!.GetValue<string>()))
        {
            string? token = null;
            do
            {
                string path = $"/tasks/running/{task}?limit=100" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
                (HttpResponseMessage response, JsonNode? page) = await Http.SendAsync(HttpMethod.Get, path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                foreach (JsonNode? execution in page!.AsArray())
                {
                    all.Add(Id(execution!), execution!);
                }

                token = response.Headers.TryGetValues("x-ms-continuation-token", out IEnumerable<string>? values) ? values.Single() : null;
            }
            while (token is not null);
        }

        return all;
    }

    private async Task<string> StartWithKeyAsync(string task, string key, object parameters)
    {
        (HttpResponseMessage response, JsonNode? body) = await SendWithKeyAsync(task, key, parameters);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body?.ToJsonString());
        return body!["executionId"]!.GetValue<string>();
    }

    private Task<(HttpResponseMessage Response, JsonNode? Body)> SendWithKeyAsync(string task, string key, object parameters) =>
        SendAsync(HttpMethod.Post, $"/tasks/{task}/execute/api", key, JsonSerializer.Serialize(new { @params = parameters }));

    private Task<(HttpResponseMessage Response, JsonNode? Body)> ReplayWithKeyAsync(string executionId, string key) =>
        SendAsync(HttpMethod.Post, $"/tasks/running/execution/{executionId}/replay", key, body: null);

    private async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpMethod method, string path, string key, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        request.Headers.Add("Idempotency-Key", key);
        HttpResponseMessage response = await Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
