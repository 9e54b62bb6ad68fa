using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The execution semantics on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageExecutionSemanticsTests(AzureStorageHostFixture host) : ExecutionSemanticsScenarios(host), IClassFixture<AzureStorageHostFixture>;
