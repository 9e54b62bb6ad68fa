using DurableTask.AzureStorage;
using TaskFunctions.LocalHost.Engine;

namespace TaskFunctions.LocalHost.Tests.Engine;

/// <summary>
/// The delivery counts of activity messages are read from the Azure Storage provider's internals: this fails when a
/// provider version moves them, before the crash tests would show attempts running again without saying so.
/// </summary>
public sealed class AzureStorageDeliveryCountsTests
{
    [Fact]
    public void DeliveryCounts_PinnedProviderVersion_AreReadable()
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "deliveries",
            StorageAccountClientProvider = new StorageAccountClientProvider("UseDevelopmentStorage=true"),
        });

        var counts = new AzureStorageBackend.DeliveryCounts(service);

        Assert.True(counts.Readable);
        Assert.Null(counts.Of("no-such-work-item"));
    }
}
