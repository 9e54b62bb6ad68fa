using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The OpenAPI contract scenarios on the in-memory backend.</summary>
public sealed class InMemoryOpenApiTests(InMemoryHostFixture host) : OpenApiScenarios(host), IClassFixture<InMemoryHostFixture>;
