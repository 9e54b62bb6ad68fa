using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// The live-log scenarios on the in-memory backend, whose service does not read histories back: here the batches show
/// only through what clients see.
/// </summary>
public sealed class InMemoryLiveLogTests(InMemoryLiveLogHostFixture host) : LiveLogScenarios(host, historyReadable: false), IClassFixture<InMemoryLiveLogHostFixture>;
