using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The API scenarios on the in-memory backend.</summary>
public sealed class InMemoryTaskApiTests(InMemoryHostFixture host) : TaskApiScenarios(host), IClassFixture<InMemoryHostFixture>;
