using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The retention service in memory.</summary>
public sealed class InMemoryRetentionServiceTests(InMemoryRetentionHostFixture host) : RetentionServiceScenarios(host), IClassFixture<InMemoryRetentionHostFixture>;
