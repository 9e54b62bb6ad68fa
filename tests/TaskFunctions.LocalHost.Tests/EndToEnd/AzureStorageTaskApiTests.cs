using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The API scenarios on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageTaskApiTests(AzureStorageHostFixture host) : TaskApiScenarios(host), IClassFixture<AzureStorageHostFixture>;
