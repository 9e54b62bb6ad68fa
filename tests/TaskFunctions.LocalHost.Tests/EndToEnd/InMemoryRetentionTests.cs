using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The purge and replay scenarios on the in-memory backend.</summary>
public sealed class InMemoryRetentionTests(InMemoryHostFixture host) : RetentionScenarios(host), IClassFixture<InMemoryHostFixture>;
