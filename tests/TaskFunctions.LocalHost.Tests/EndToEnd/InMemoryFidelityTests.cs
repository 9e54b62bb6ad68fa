using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The fidelity scenarios on the in-memory backend.</summary>
public sealed class InMemoryFidelityTests(InMemoryHostFixture host) : FidelityScenarios(host), IClassFixture<InMemoryHostFixture>;
