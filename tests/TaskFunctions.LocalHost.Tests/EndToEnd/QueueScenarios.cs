using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// One-at-a-time tasks that queue: every start is accepted with an execution id, the executions run one after the
/// other in the order they were started, each timed from its own turn, and a full queue or a cancel behave as
/// documented. Each backend runs them through a subclass.
/// </summary>
public abstract class QueueScenarios(LocalHostFixture host) : HostScenarios(host)
{
    [Fact]
    public async Task Queue_TwentySimultaneousStarts_AreAllAcceptedAndRunOneAtATime()
    {
        (HttpResponseMessage Response, JsonNode? Body)[] answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Queued}/execute/api", """{ "params": { "sleepMs": 200 } }""")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Response.StatusCode));
        string[] ids = [.. answers.Select(a => a.Body!["executionId"]!.GetValue<string>())];
        Assert.Equal(20, ids.Distinct().Count());
        JsonNode[] done = await Task.WhenAll(ids.Select(id => Http.WaitUntilFinishedAsync(id, timeout: TimeSpan.FromMinutes(2))));

        Assert.All(done, d => Assert.Equal("completed", ApiClient.Status(d)));
        Assert.All(ids, id => Assert.Equal(1, TestTasks.ProbeTask.Invocations[id]));

        // No two handlers overlapped: each started after the one before it had returned.
        var runs = ids.Select(id => (Start: TestTasks.ProbeTask.StartedAt[id], End: TestTasks.ProbeTask.FinishedAt[id])).OrderBy(r => r.Start).ToList();
        for (int i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].Start >= runs[i - 1].End, $"run {i} started at {runs[i].Start:O}, before run {i - 1} ended at {runs[i - 1].End:O}");
        }

        // Those that waited say so first, then start with the full timeout.
        Assert.True(done.Count(d => ApiClient.Messages(d)[0].StartsWith("排队等待前面的执行完成", StringComparison.Ordinal)) >= 10, "most executions should have waited their turn");
        Assert.All(done, d => Assert.Contains("开始执行任务 (超时限制: 30000ms)", ApiClient.Messages(d)));
    }

    [Fact]
    public async Task Queue_StartsOneAfterAnother_RunInTheirOrderEachTimedFromItsTurn()
    {
        string first = await Http.StartAsync(TestTasks.Queued, new { sleepMs = 1500 });
        string second = await Http.StartAsync(TestTasks.Queued, new { sleepMs = 800 }, timeoutMs: 2000);
        string third = await Http.StartAsync(TestTasks.Queued, new { sleepMs = 100 });

        JsonNode waiting = await Http.GetExecutionAsync(third);
        Assert.Equal("running", ApiClient.Status(waiting));
        JsonNode[] done = await Task.WhenAll(new[] { first, second, third }.Select(id => Http.WaitUntilFinishedAsync(id, timeout: TimeSpan.FromMinutes(1))));

        // The second waited about 1.5 s and ran 0.8 s: timed from its request it would have passed its 2 s timeout.
        Assert.All(done, d => Assert.Equal("completed", ApiClient.Status(d)));
        Assert.True(TestTasks.ProbeTask.StartedAt[first] < TestTasks.ProbeTask.StartedAt[second]);
        Assert.True(TestTasks.ProbeTask.StartedAt[second] < TestTasks.ProbeTask.StartedAt[third]);
        JsonNode queued = done[2]["logs"]!.AsArray()[0]!;
        Assert.Equal("排队等待前面的执行完成 (队列第 2 位)", queued["message"]!.GetValue<string>());
        Assert.Equal([first], queued["data"]!["runningExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Queue_Full_AnswersConflictNamingRunningAndWaitingAndACancelMakesRoom()
    {
        string running = await Http.StartAsync(TestTasks.ShortQueue, new { sleepMs = 60_000 });
        string waiting1 = await Http.StartAsync(TestTasks.ShortQueue, new { sleepMs = 0 });
        string waiting2 = await Http.StartAsync(TestTasks.ShortQueue, new { sleepMs = 0 });

        (HttpResponseMessage refused, JsonNode? problem) = await Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.ShortQueue}/execute/api", """{ "params": { "sleepMs": 0 } }""");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal([running], problem!["runningExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([waiting1, waiting2], problem["queuedExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("queue is full", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // A waiting execution is cancelled like a running one and leaves the queue: a start fits again.
        (_, JsonNode? cancelled) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{waiting1}}"] }""");
        Assert.Equal([waiting1], cancelled!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("cancelled", ApiClient.Status(await Http.GetExecutionAsync(waiting1)));
        string later = await Http.StartAsync(TestTasks.ShortQueue, new { sleepMs = 0 });

        // Cancelling the running one lets the queue move on, in order; the cancelled one never ran.
        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{running}}"] }""");
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(waiting2, timeout: TimeSpan.FromSeconds(30))));
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(later, timeout: TimeSpan.FromSeconds(30))));
        Assert.False(TestTasks.ProbeTask.Invocations.ContainsKey(waiting1));
        Assert.True(TestTasks.ProbeTask.StartedAt[waiting2] < TestTasks.ProbeTask.StartedAt[later]);
    }
}
