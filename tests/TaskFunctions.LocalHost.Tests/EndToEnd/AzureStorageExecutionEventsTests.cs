using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The event stream scenarios on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageExecutionEventsTests(AzureStorageHostFixture host, ITestOutputHelper output)
    : ExecutionEventsScenarios(host, output), IClassFixture<AzureStorageHostFixture>;
