using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// What users rely on while an execution runs, seen through the HTTP API: live logs, cancellation that stops the
/// handler, timeouts, retries, one-at-a-time tasks and idempotent starts. Each backend runs them through a subclass.
/// </summary>
public abstract class ExecutionSemanticsScenarios(LocalHostFixture host) : HostScenarios(host)
{
    // These tests prove each behaviour, with a margin wide enough for a loaded machine: what they wait for would
    // otherwise take a minute (a handler's sleep). How fast each happens is measured by the benchmark.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task LiveLog_WhileTheExecutionRuns_ShowsAnEntryBeforeItsStageEnds()
    {
        // One step every 2 s: the first entry is written 6 s before the handler's stage can end.
        string id = await Http.StartAsync("user-space-sync", new { durationMs = 8000, steps = 4 });

        (JsonNode execution, _) = await PollUntilAsync(id, e => ApiClient.Messages(e).Any(m => m.Contains("第 1/4 步完成", StringComparison.Ordinal)));

        Assert.Equal("running", ApiClient.Status(execution));
        Assert.DoesNotContain(ApiClient.Messages(execution), m => m.Contains("第 4/4 步完成", StringComparison.Ordinal));
        Assert.DoesNotContain("任务执行成功", ApiClient.Messages(execution));
    }

    [Theory]
    [InlineData("by-ids")]
    [InlineData("by-task-names")]
    [InlineData("all")]
    public async Task Cancel_RunningExecution_ReadsCancelledAtOnceAndFiresTheHandlersToken(string endpoint)
    {
        string id = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 });
        await PollUntilAsync(id, e => ApiClient.Messages(e).Contains("probe started"));

        string? body = endpoint switch
        {
            "by-ids" => $$"""{ "executionIds": ["{{id}}"] }""",
            "by-task-names" => $$"""{ "taskNames": ["{{TestTasks.Probe}}"] }""",
            _ => null,
        };
        (HttpResponseMessage response, _) = await Http.SendAsync(HttpMethod.Delete, $"/tasks/executions/cancel/{endpoint}", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The call returns once the engine reports the instance terminated, not when the termination is only queued.
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await Durable.GetInstanceAsync(id).WaitAsync(TimeSpan.FromSeconds(10)))!.RuntimeStatus);
        JsonNode cancelled = await Http.GetExecutionAsync(id);
        Assert.Equal("cancelled", ApiClient.Status(cancelled));
        Assert.Equal("任务已取消", ApiClient.Messages(cancelled)[^1]);
        await WaitForTokenAsync(id); // terminating alone would leave the handler sleeping for a minute
    }

    /// <summary>
    /// Proves that the attempt keeps the deadline itself: at <c>startedAt + timeoutMs</c> the handler's token fires, the
    /// timeout entry is recorded no earlier than the deadline, the execution reads failed, and the error middleware runs
    /// after it. The probe honours its token, so its attempt ends at the deadline on its own: no durable timer is
    /// involved, and this test says nothing about a handler that ignores its token (that is
    /// <see cref="Deadline_HandlerIgnoresItsToken_DoesNotKeepTheExecutionRunning"/>).
    /// </summary>
    [Fact]
    public async Task Deadline_Reached_ExecutionReadsFailedAndTheTokenFires()
    {
        const int TimeoutMs = 3000;
        string id = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 }, timeoutMs: TimeoutMs);

        // An attempt that starts after its deadline only records the timeout: this test needs the handler running.
        await Eventually.UntilAsync(
            () => TestTasks.ProbeTask.Invocations.ContainsKey(id),
            TimeSpan.FromMilliseconds(TimeoutMs),
            "the handler did not start before its deadline (the machine is too loaded for this test's timeout)");
        (JsonNode failed, DateTime seenAt) = await PollUntilAsync(id, e => ApiClient.Status(e) != "running");

        Assert.Equal("failed", ApiClient.Status(failed));
        DateTime deadline = failed["startedAt"]!.GetValue<DateTime>().ToUniversalTime().AddMilliseconds(TimeoutMs);
        Assert.True(seenAt - deadline < Margin, $"Failed became visible {(seenAt - deadline).TotalMilliseconds:F0} ms after the deadline; the handler sleeps a minute.");
        JsonNode timeout = Entry(failed, $"任务执行超时 ({TimeoutMs}ms)");
        Assert.Equal("error", timeout["level"]!.GetValue<string>());
        Assert.True(timeout["timestamp"]!.GetValue<DateTime>().ToUniversalTime() >= deadline, "The timeout was recorded before the deadline.");
        Assert.Equal("System.TimeoutException", timeout["data"]!["type"]!.GetValue<string>());
        DateTime fired = await WaitForTokenAsync(id);
        Assert.True(fired - deadline < Margin, $"The token fired {(fired - deadline).TotalMilliseconds:F0} ms after the deadline.");

        JsonNode done = await Eventually.UntilAsync(
            () => Http.GetExecutionAsync(id),
            e => ApiClient.Messages(e).Any(m => m.StartsWith("执行耗时", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the error middleware's entry did not show");
        Assert.Equal("failed", ApiClient.Status(done)); // the error middleware ran, and the execution stays failed
    }

    /// <summary>
    /// Proves the stop grace period: a handler that ignores its token (it sleeps 20 s; its task times out after 1 s) is
    /// left behind once <c>WorkerOptions.StopGracePeriod</c> has passed after the deadline, so the execution reads failed
    /// within the margin instead of when the handler returns. The token firing at the deadline alone would not end this
    /// attempt: only leaving the handler behind does.
    /// </summary>
    [Fact]
    public async Task Deadline_HandlerIgnoresItsToken_DoesNotKeepTheExecutionRunning()
    {
        var watch = Stopwatch.StartNew();
        string id = await Http.StartAsync(TestTasks.Stubborn, new { sleepMs = 20_000 });

        (JsonNode failed, _) = await PollUntilAsync(id, e => ApiClient.Status(e) != "running");

        Assert.Equal("failed", ApiClient.Status(failed));
        Assert.True(watch.Elapsed < Margin, $"Read failed only after {watch.Elapsed.TotalSeconds:F1} s; the task times out after 1 s, its handler sleeps 20 s.");
        Assert.DoesNotContain("stubborn task woke up", ApiClient.Messages(failed));
    }

    /// <summary>
    /// Proves that what a handler left behind at the deadline writes once it returns is not lost: it is added after a
    /// <c>以下日志在超时之后写入</c> entry, and the execution stays failed.
    /// </summary>
    [Fact]
    public async Task Deadline_LeftBehindHandlerReturns_WhatItWritesFollowsTheLateEntriesNote()
    {
        string id = await Http.StartAsync(TestTasks.Stubborn, new { sleepMs = 3000 });
        (JsonNode failed, _) = await PollUntilAsync(id, e => ApiClient.Status(e) != "running");
        Assert.DoesNotContain("stubborn task woke up", ApiClient.Messages(failed));

        JsonNode late = await Eventually.UntilAsync(
            () => Http.GetExecutionAsync(id),
            e => ApiClient.Messages(e).Contains("stubborn task woke up"),
            Margin + TimeSpan.FromSeconds(3),
            "the entry the handler wrote after the deadline did not show");

        Assert.Equal("failed", ApiClient.Status(late));
        List<string> messages = [.. ApiClient.Messages(late)];
        int timeout = messages.IndexOf("任务执行超时 (1000ms)");
        int note = messages.IndexOf("以下日志在超时之后写入");
        Assert.True(timeout >= 0 && note > timeout, string.Join(" | ", messages));
        Assert.Equal("stubborn task woke up", messages[note + 1]);
    }

    [Fact]
    public async Task ExecuteManual_TimeoutAboveTheTasksOwn_IsRefused()
    {
        (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(
            HttpMethod.Post, $"/tasks/{TestTasks.Probe}/execute/manual", """{ "timeoutMs": 30001 }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'timeoutMs'", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_FailedAttempt_IsRetriedAndEachAttemptIsLogged()
    {
        string id = await Http.StartAsync("feishu-sync", new { durationMs = 200, steps = 2, failAttempts = 1 });

        JsonNode done = await Http.WaitUntilFinishedAsync(id);

        Assert.Equal("completed", ApiClient.Status(done));
        JsonNode failedAttempt = Entry(done, "第 1 次尝试失败");
        Assert.Equal("warn", failedAttempt["level"]!.GetValue<string>());
        Assert.Equal(1, failedAttempt["data"]!["attempt"]!.GetValue<int>());
        Assert.Equal("System.InvalidOperationException", failedAttempt["data"]!["type"]!.GetValue<string>());
        Assert.Equal(2, Entry(done, "500ms 后重试 (第 2 次尝试)")["data"]!["attempt"]!.GetValue<int>());
        Assert.Equal("任务执行成功", ApiClient.Messages(done)[^1]);
    }

    [Fact]
    public async Task Retry_LastAttemptFails_ExecutionFailsWithThatAttemptNumber()
    {
        string id = await Http.StartAsync("feishu-sync", new { durationMs = 100, steps = 1, fail = true });

        JsonNode done = await Http.WaitUntilFinishedAsync(id);

        Assert.Equal("failed", ApiClient.Status(done));
        Assert.Contains("第 2 次尝试失败", ApiClient.Messages(done));
        Assert.Contains("1000ms 后重试 (第 3 次尝试)", ApiClient.Messages(done));
        Assert.DoesNotContain("第 3 次尝试失败", ApiClient.Messages(done));
        JsonNode error = Entry(done, "任务执行失败");
        Assert.Equal(3, error["data"]!["attempt"]!.GetValue<int>());
        Assert.Contains("attempt 3", error["data"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrencyLimit_TwentySimultaneousStartsOfAOneAtATimeTask_ExactlyOneRuns()
    {
        (HttpResponseMessage Response, JsonNode? Body)[] answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Exclusive}/execute/api", """{ "params": { "sleepMs": 60000 } }""")));

        var accepted = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Accepted).ToList();
        var refused = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Conflict).ToList();
        string winner = Assert.Single(accepted).Body!["executionId"]!.GetValue<string>();
        Assert.Equal(19, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal("application/problem+json", r.Response.Content.Headers.ContentType!.MediaType);
            Assert.Equal([winner], r.Body!["runningExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        });
        (_, JsonNode? listed) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Exclusive}?status=running");
        Assert.Equal([winner], listed!.AsArray().Select(e => e!["executionId"]!.GetValue<string>()));

        // The winner ran through every refusal (its handler runs until its 30 s timeout); the test ends it.
        (_, JsonNode? cancel) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{winner}}"] }""");
        Assert.Equal([winner], cancel!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("cancelled", ApiClient.Status(await Http.GetExecutionAsync(winner)));
    }

    [Fact]
    public async Task ConcurrencyLimit_ExecutionEndsOrIsCancelled_SlotIsFreeAgain()
    {
        string first = await Http.StartAsync("user-space-sync", new { durationMs = 0, steps = 1 });
        await Http.WaitUntilFinishedAsync(first);

        // Released by the execution itself: a start that found the slot held would free it on its own, which
        // would hide a missing release.
        await WaitUntilSlotReleasedAsync();
        string second = await Http.StartAsync("user-space-sync", new { durationMs = 60_000 });
        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{second}}"] }""");
        await WaitUntilSlotReleasedAsync();

        string third = await Http.StartAsync("user-space-sync", new { durationMs = 0, steps = 1 });

        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(third)));
    }

    [Fact]
    public async Task IdempotencyKey_ConcurrentRepeatsWithOneKey_ReturnOneExecution()
    {
        string key = Guid.NewGuid().ToString();
        (HttpResponseMessage Response, JsonNode? Body)[] answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            StartWithKeyAsync(TestTasks.Probe, key, """{ "params": { "sleepMs": 500 } }""")));

        string[] ids = [.. answers.Select(a => a.Body!["executionId"]!.GetValue<string>()).Distinct()];
        string id = Assert.Single(ids);
        Assert.Single(answers, a => a.Response.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(9, answers.Count(a => a.Response.StatusCode == HttpStatusCode.OK));
        Assert.All(answers, a => Assert.Equal($"/tasks/running/execution/{id}", a.Response.Headers.Location!.OriginalString));

        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(id)));
        (HttpResponseMessage later, JsonNode? laterBody) = await StartWithKeyAsync(TestTasks.Probe, key, "{}");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(id, laterBody!["executionId"]!.GetValue<string>());
        Assert.Equal("completed", laterBody["status"]!.GetValue<string>());
        Assert.Equal(1, TestTasks.ProbeTask.Invocations[id]);

        (_, JsonNode? otherKey) = await StartWithKeyAsync(TestTasks.Probe, Guid.NewGuid().ToString(), "{}");
        Assert.NotEqual(id, otherKey!["executionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task IdempotencyKey_StartRefusedAtTheLimit_LeavesNothingSoTheRepeatStartsAfresh()
    {
        string running = await Http.StartAsync(TestTasks.Exclusive, new { sleepMs = 60_000 });
        string key = Guid.NewGuid().ToString();
        const string Body = """{ "params": { "sleepMs": 0 }, "timeoutMs": 5000 }""";

        // The first start with the key meets the limit, and so do concurrent repeats while it is being refused.
        (HttpResponseMessage Response, JsonNode? Body)[] refused = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            StartWithKeyAsync(TestTasks.Exclusive, key, Body)));
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Conflict, r.Response.StatusCode));
        Assert.All(refused, r => Assert.Equal([running], r.Body!["runningExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>())));

        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{running}}"] }""");
        await Task.Delay(TimeSpan.FromSeconds(1));
        DateTime repeatedAt = DateTime.UtcNow;
        (HttpResponseMessage repeated, JsonNode? started) = await StartWithKeyAsync(TestTasks.Exclusive, key, Body);

        // A new execution, timed from its own start, that runs its handler and completes.
        Assert.Equal(HttpStatusCode.Accepted, repeated.StatusCode);
        string id = started!["executionId"]!.GetValue<string>();
        Assert.True(started["startedAt"]!.GetValue<DateTime>().ToUniversalTime() >= repeatedAt.AddSeconds(-1), started.ToJsonString());
        JsonNode done = await Http.WaitUntilFinishedAsync(id);
        Assert.Equal("completed", ApiClient.Status(done));
        Assert.Contains("probe finished", ApiClient.Messages(done));

        (HttpResponseMessage again, JsonNode? same) = await StartWithKeyAsync(TestTasks.Exclusive, key, Body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, same!["executionId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Listing_FiltersByStartTime()
    {
        DateTime before = DateTime.UtcNow;
        string id = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 });
        await Http.WaitUntilFinishedAsync(id);
        DateTime after = DateTime.UtcNow;

        (_, JsonNode? inside) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?from={before:O}&to={after:O}&limit=100");
        (_, JsonNode? earlier) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?to={before.AddMinutes(-1):O}&limit=100");
        (_, JsonNode? later) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?from={after.AddMinutes(1):O}&limit=100");

        Assert.Contains(inside!.AsArray(), e => e!["executionId"]!.GetValue<string>() == id);
        Assert.DoesNotContain(earlier!.AsArray(), e => e!["executionId"]!.GetValue<string>() == id); // to excludes it
        Assert.DoesNotContain(later!.AsArray(), e => e!["executionId"]!.GetValue<string>() == id); // from excludes it
    }

    private Task<(HttpResponseMessage Response, JsonNode? Body)> StartWithKeyAsync(string task, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/tasks/{task}/execute/api")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return SendAsync(request);
    }

    private async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            HttpResponseMessage response = await Http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            return (response, text.Length == 0 ? null : JsonNode.Parse(text));
        }
    }

    private async Task<(JsonNode Execution, DateTime SeenAt)> PollUntilAsync(string id, Func<JsonNode, bool> condition) =>
        await Eventually.UntilAsync(
            async () => (Execution: await Http.GetExecutionAsync(id), SeenAt: DateTime.UtcNow),
            read => condition(read.Execution),
            TimeSpan.FromSeconds(30),
            $"execution {id} did not reach the state the test waits for");

    private static async Task<DateTime> WaitForTokenAsync(string executionId)
    {
        await Eventually.UntilAsync(
            () => TestTasks.ProbeTask.TokenFired.ContainsKey(executionId),
            TimeSpan.FromSeconds(5),
            $"the handler's token of {executionId} did not fire");
        return TestTasks.ProbeTask.TokenFired[executionId];
    }

    private async Task WaitUntilSlotReleasedAsync() =>
        await Eventually.UntilAsync(
            async () => (await Durable.GetInstanceAsync("slot:user-space-sync:0"))?.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending),
            TimeSpan.FromSeconds(10),
            "the slot of user-space-sync was not released after the execution's end");

    private static JsonNode Entry(JsonNode execution, string message) =>
        execution["logs"]!.AsArray().First(e => e!["message"]!.GetValue<string>() == message)!;
}
