using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// A crash is a pause, not a loss: the local host runs as its own process on Azurite with its default engine
/// settings, is killed with SIGKILL while two executions run, and another host process takes over the task hub.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private AzuriteProcess _azurite = null!;
    private string[] _arguments = [];

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _arguments = ["--backend", "azurestorage", "--connection-string", _azurite.ConnectionString, "--task-hub", "crash" + Guid.NewGuid().ToString("N")[..12]];
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Crash_KillAndRestart_RunningAttemptsRunAgainAndEveryExecutionReachesItsOutcome()
    {
        string resumed, expired;
        IReadOnlyList<string> seenResumed, seenExpired;
        await using (HostProcess first = await HostProcess.StartAsync(_arguments))
        {
            // One that can still finish in time after the pause, and one whose deadline passes while no host runs.
            resumed = await first.Http.StartAsync("user-space-sync", new { durationMs = 6000, steps = 6 });
            expired = await first.Http.StartAsync("feishu-sync", new { durationMs = 20_000, steps = 20 }, timeoutMs: 8000);
            seenResumed = ApiClient.Messages(await WaitForStepsAsync(first.Http, resumed, 2));
            seenExpired = ApiClient.Messages(await WaitForStepsAsync(first.Http, expired, 2));
            await first.KillAsync();
        }

        // Past the second execution's deadline before any host runs again.
        await Task.Delay(TimeSpan.FromSeconds(6));
        await using HostProcess second = await HostProcess.StartAsync(_arguments);
        DateTime restartedAt = DateTime.UtcNow;

        JsonNode completed = await second.Http.WaitUntilFinishedAsync(resumed, timeout: TimeSpan.FromSeconds(90));
        JsonNode failed = await second.Http.WaitUntilFinishedAsync(expired, timeout: TimeSpan.FromSeconds(90));

        Assert.Equal("completed", ApiClient.Status(completed));
        IReadOnlyList<string> log = ApiClient.Messages(completed);
        Assert.Equal(seenResumed, log.Take(seenResumed.Count));
        Assert.Equal("开始执行任务 (超时限制: 30000ms)", log[0]);
        Assert.Equal("任务执行成功", log[^1]);
        JsonNode startedOver = Entry(completed, "第 1 次尝试因主机中断重新运行");
        DateTime rerunAt = startedOver["timestamp"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.True(rerunAt - restartedAt < TimeSpan.FromSeconds(20), $"The attempt ran again {(rerunAt - restartedAt).TotalSeconds:F1} s after the restart.");
        Assert.Contains("用户空间同步: 第 6/6 步完成", log);

        Assert.Equal("failed", ApiClient.Status(failed));
        IReadOnlyList<string> failedLog = ApiClient.Messages(failed);
        Assert.Equal(seenExpired, failedLog.Take(seenExpired.Count));
        JsonNode timeout = Entry(failed, "任务执行超时 (8000ms)");
        Assert.Equal("error", timeout["level"]!.GetValue<string>());
        Assert.DoesNotContain("飞书同步: 第 20/20 步完成", failedLog);

        // Both one-at-a-time tasks take a new execution as soon as the previous one reads its outcome.
        foreach (string task in new[] { "user-space-sync", "feishu-sync" })
        {
            (HttpResponseMessage response, JsonNode? body) = await second.Http.SendAsync(HttpMethod.Post, $"/tasks/{task}/execute/manual", """{ "params": { "durationMs": 100 } }""");
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{task}: {(int)response.StatusCode} {body?.ToJsonString()}");
        }
    }

    private static Task<JsonNode> WaitForStepsAsync(HttpClient http, string executionId, int steps) =>
        Eventually.UntilAsync(
            () => http.GetExecutionAsync(executionId),
            execution => ApiClient.Messages(execution).Count(m => m.Contains("步完成", StringComparison.Ordinal)) >= steps,
            TimeSpan.FromSeconds(30),
            $"{executionId} did not log {steps} steps",
            interval: TimeSpan.FromMilliseconds(100));

    private static JsonNode Entry(JsonNode execution, string message) =>
        execution["logs"]!.AsArray().Single(e => e!["message"]!.GetValue<string>() == message)!;
}
