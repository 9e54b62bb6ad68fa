using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The purge and replay scenarios on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageRetentionTests(AzureStorageHostFixture host) : RetentionScenarios(host), IClassFixture<AzureStorageHostFixture>;
