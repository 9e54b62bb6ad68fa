using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// A handler that runs longer than the storage's activity lock must run once: without renewal, the Azure Storage
/// provider makes the activity's queue message visible again when the lock expires, and another host runs it a
/// second time.
/// </summary>
public sealed class LongHandlerTests(ShortLockAzureStorageHostFixture host) : IClassFixture<ShortLockAzureStorageHostFixture>
{
    [Fact]
    public async Task LongHandler_RunningThreeTimesTheLockTimeout_RunsOnceAndCompletes()
    {
        int sleepMs = (int)(ShortLockAzureStorageHostFixture.LockTimeout.TotalMilliseconds * 3.5);
        string id = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs });

        var done = await host.Http.WaitUntilFinishedAsync(id, timeout: TimeSpan.FromSeconds(60));

        Assert.Equal("completed", ApiClient.Status(done));
        Assert.Equal(1, TestTasks.ProbeTask.Invocations[id]);
        Assert.Single(ApiClient.Messages(done), m => m == "probe started");

        // A redelivered message would start the handler again a lock timeout later: give it that chance.
        await Task.Delay(ShortLockAzureStorageHostFixture.LockTimeout * 2);
        Assert.Equal(1, TestTasks.ProbeTask.Invocations[id]);
    }
}
