using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>Two hosts on one task hub: a cancel made on one reaches attempts that run on the other.</summary>
public sealed class MultiHostTests(TwoHostsAzureStorageFixture host) : IClassFixture<TwoHostsAzureStorageFixture>
{
    [Fact]
    public async Task Cancel_MadeOnOneHost_FiresTheTokenOfAnAttemptRunningOnTheOther()
    {
        string self = host.BaseAddress.ToString().TrimEnd('/');

        // Start probes until one runs on the other host (which host takes an attempt is the queue's choice).
        string? remote = null;
        List<string> started = [];
        DateTime giveUp = DateTime.UtcNow.AddSeconds(60);
        while (remote is null)
        {
            Assert.True(DateTime.UtcNow < giveUp && started.Count < 20, $"No attempt ran on the other host: {string.Join(", ", started.Select(id => TestTasks.ProbeTask.RanOn.GetValueOrDefault(id)))}");
            string id = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 });
            started.Add(id);
            await Eventually.UntilAsync(() => TestTasks.ProbeTask.RanOn.ContainsKey(id), TimeSpan.FromSeconds(30), $"the probe {id} did not start on either host");
            if (TestTasks.ProbeTask.RanOn[id].TrimEnd('/') != self)
            {
                remote = id;
            }
        }

        DateTime cancelledAt = DateTime.UtcNow;
        (_, JsonNode? result) = await host.Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{remote}}"] }""");
        Assert.Equal([remote], result!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));

        // The other host reads the instance within a few polls (250 ms each); without the watcher, the handler
        // would sleep a minute.
        await Eventually.UntilAsync(() => TestTasks.ProbeTask.TokenFired.ContainsKey(remote), TimeSpan.FromSeconds(10), "the remote attempt's token did not fire after the cancel");
        TimeSpan took = TestTasks.ProbeTask.TokenFired[remote] - cancelledAt;
        Assert.True(took < TimeSpan.FromSeconds(10), $"The remote attempt's token fired {took.TotalSeconds:F1} s after the cancel.");
        Assert.Equal("cancelled", ApiClient.Status(await host.Http.GetExecutionAsync(remote)));

        await host.Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/all");
    }
}
