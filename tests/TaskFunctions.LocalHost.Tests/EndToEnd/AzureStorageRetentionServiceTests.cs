using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The retention service on Azurite.</summary>
public sealed class AzureStorageRetentionServiceTests(AzureStorageRetentionHostFixture host) : RetentionServiceScenarios(host), IClassFixture<AzureStorageRetentionHostFixture>;
