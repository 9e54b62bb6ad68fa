using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// The local host's retention service, on a host that keeps finished executions for two seconds and purges every
/// second: what finished is purged on its own, what runs stays however old it is.
/// </summary>
public abstract class RetentionServiceScenarios(LocalHostFixture host) : HostScenarios(host)
{
    [Fact]
    public async Task RetentionService_PurgesWhatFinishedLongerAgoThanMaxAge_AndKeepsWhatRuns()
    {
        string running = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 });
        string finished = await Http.StartAsync(TestTasks.Writer, new { entries = 1 });
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(finished)));

        await Eventually.UntilAsync(
            async () => (await Http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{finished}")).Response.StatusCode,
            status => status == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30),
            $"the retention service did not purge {finished}");

        // By now the running execution is older than the age too: it stays, and its status reads as before.
        JsonNode stillRunning = await Http.GetExecutionAsync(running);
        Assert.Equal("running", ApiClient.Status(stillRunning));
        Assert.True(DateTime.UtcNow - stillRunning["startedAt"]!.GetValue<DateTime>().ToUniversalTime() > RetentionSettings.MaxAge);
        Assert.NotNull(await Durable.GetInstanceAsync(running));
    }
}
