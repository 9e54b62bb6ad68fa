using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The OpenAPI contract scenarios on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageOpenApiTests(AzureStorageHostFixture host) : OpenApiScenarios(host), IClassFixture<AzureStorageHostFixture>;
