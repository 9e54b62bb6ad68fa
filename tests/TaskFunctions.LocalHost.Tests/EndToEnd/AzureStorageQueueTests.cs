using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>Queued one-at-a-time tasks on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageQueueTests(AzureStorageHostFixture host) : QueueScenarios(host), IClassFixture<AzureStorageHostFixture>;
