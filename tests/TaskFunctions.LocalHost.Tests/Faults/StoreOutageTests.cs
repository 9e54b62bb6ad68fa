using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Faults;

/// <summary>
/// Storage that goes away, both ways: frozen (SIGSTOP: connections stay open and nothing answers) and stopped
/// (connections refused), each while an execution runs. Every API call answers within 5 s with a 503 problem and
/// <c>Retry-After</c> instead of hanging; once Azurite runs again on the same data, the host serves again without a
/// restart and the execution that was running reaches its outcome.
/// </summary>
public sealed class StoreOutageTests(StoreOutageHostFixture host) : HostScenarios(host), IClassFixture<StoreOutageHostFixture>
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("frozen")]
    [InlineData("stopped")]
    public async Task Api_StorageGone_Answers503WithinFiveSecondsAndRecoversAfterwards(string outage)
    {
        string running = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 3000 });
        await Eventually.UntilAsync(
            () => Http.GetExecutionAsync(running), e => ApiClient.Messages(e).Contains("probe started"), TimeSpan.FromSeconds(30), "the probe never started");

        await (outage == "frozen" ? host.Azurite.FreezeAsync() : host.Azurite.StopAsync());
        try
        {
            (string Method, string Path, string? Body)[] calls =
            [
                ("POST", $"/tasks/{TestTasks.Probe}/execute/api", """{ "params": { "sleepMs": 0 } }"""),
                ("GET", $"/tasks/running/execution/{running}", null),
                ("GET", $"/tasks/running/{TestTasks.Probe}", null),
                ("DELETE", "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{running}}"] }"""),
            ];
            foreach ((string method, string path, string? body) in calls)
            {
                var elapsed = Stopwatch.StartNew();
                (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(new HttpMethod(method), path, body).WaitAsync(TimeSpan.FromSeconds(30));
                elapsed.Stop();

                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path} answered {(int)response.StatusCode}: {problem}");
                Assert.True(elapsed.Elapsed < Answer, $"{method} {path} took {elapsed.Elapsed.TotalSeconds:0.0} s");
                Assert.Equal("5", response.Headers.RetryAfter?.ToString());
                Assert.StartsWith("The task store", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            }
        }
        finally
        {
            await (outage == "frozen" ? host.Azurite.ThawAsync() : host.Azurite.RestartAsync());
        }

        // The same host serves again, and the execution that ran through the outage reaches its outcome.
        JsonNode finished = await Http.WaitUntilFinishedAsync(running, timeout: TimeSpan.FromSeconds(90));
        Assert.Contains(ApiClient.Status(finished), new[] { "completed", "cancelled" });
        string after = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 });
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(after, timeout: TimeSpan.FromSeconds(90))));
    }
}
