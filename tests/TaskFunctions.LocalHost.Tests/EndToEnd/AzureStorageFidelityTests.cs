using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// The fidelity scenarios on the Azure Storage provider against a real Azurite, and the timers executions set,
/// counted in their histories (the in-memory service does not read histories back).
/// </summary>
public sealed class AzureStorageFidelityTests(AzureStorageHostFixture host) : FidelityScenarios(host), IClassFixture<AzureStorageHostFixture>
{
    [Fact]
    public async Task History_ATimedOutAndARetriedExecution_SetOnlyTheTimersTheyNeed()
    {
        // A handler that honours its token, past a 1 s timeout: the attempt keeps the deadline, no timer.
        string timedOut = await Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 }, timeoutMs: 1000);
        Assert.Equal("failed", ApiClient.Status(await Http.WaitUntilFinishedAsync(timedOut)));

        // One failed attempt, then a retry after 500 ms: one timer, for the wait.
        string retried = await Http.StartAsync("feishu-sync", new { durationMs = 10, steps = 1, failAttempts = 1 });
        Assert.Equal("completed", ApiClient.Status(await Http.WaitUntilFinishedAsync(retried)));

        Assert.Equal(0, await TimersAsync(timedOut));
        Assert.Equal(1, await TimersAsync(retried));
    }
}
