using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The execution semantics on the in-memory backend.</summary>
public sealed class InMemoryExecutionSemanticsTests(InMemoryHostFixture host) : ExecutionSemanticsScenarios(host), IClassFixture<InMemoryHostFixture>;
