using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Load;

/// <summary>The load scenarios on the in-memory backend.</summary>
public sealed class InMemoryLoadTests(InMemoryHostFixture host, ITestOutputHelper output) : LoadScenarios(host, output), IClassFixture<InMemoryHostFixture>;
