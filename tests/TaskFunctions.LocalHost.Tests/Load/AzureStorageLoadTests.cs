using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Load;

/// <summary>The load scenarios on the Azure Storage provider against a real Azurite.</summary>
public sealed class AzureStorageLoadTests(AzureStorageHostFixture host, ITestOutputHelper output) : LoadScenarios(host, output), IClassFixture<AzureStorageHostFixture>;
