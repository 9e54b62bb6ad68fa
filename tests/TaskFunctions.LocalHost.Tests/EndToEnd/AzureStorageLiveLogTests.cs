using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The live-log scenarios on the Azure Storage provider against a real Azurite, with the batches counted in the history.</summary>
public sealed class AzureStorageLiveLogTests(AzureStorageLiveLogHostFixture host) : LiveLogScenarios(host, historyReadable: true), IClassFixture<AzureStorageLiveLogHostFixture>;
