using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>The event stream scenarios on the in-memory backend.</summary>
public sealed class InMemoryExecutionEventsTests(InMemoryHostFixture host, ITestOutputHelper output)
    : ExecutionEventsScenarios(host, output), IClassFixture<InMemoryHostFixture>;
