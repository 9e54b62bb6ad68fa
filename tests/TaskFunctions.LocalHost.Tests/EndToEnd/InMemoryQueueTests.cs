using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>Queued one-at-a-time tasks on the in-memory backend.</summary>
public sealed class InMemoryQueueTests(InMemoryHostFixture host) : QueueScenarios(host), IClassFixture<InMemoryHostFixture>;
