using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>With a limit of starts per minute, a client's starts beyond it answer 429 and start nothing.</summary>
public sealed class StartRateLimitTests(StartsLimitedHostFixture host) : IClassFixture<StartsLimitedHostFixture>
{
    [Fact]
    public async Task Start_BeyondTheLimit_Is429WithRetryAfterAndSchedulesNothing()
    {
        string from = $"from={DateTime.UtcNow.AddSeconds(-1):O}";
        string first = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 }, trigger: "manual");
        string second = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 }, trigger: "api");

        (HttpResponseMessage third, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Probe}/execute/manual", "{\"params\":{\"sleepMs\":0}}");
        (HttpResponseMessage fourth, JsonNode? fourthBody) = await host.Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Probe}/execute/api", "{}");

        SecurityAssert.IsProblem(HttpStatusCode.TooManyRequests, third, body);
        SecurityAssert.IsProblem(HttpStatusCode.TooManyRequests, fourth, fourthBody);
        Assert.Null(third.Headers.Location);
        TimeSpan retryAfter = third.Headers.RetryAfter?.Delta ?? throw new Xunit.Sdk.XunitException("429 without a Retry-After in seconds");
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        // Only the two accepted starts exist; reads are not limited.
        (HttpResponseMessage list, JsonNode? executions) = await host.Http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?{from}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(
            new[] { first, second }.Order(StringComparer.Ordinal),
            executions!.AsArray().Select(e => e!["executionId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        (HttpResponseMessage catalog, _) = await host.Http.SendAsync(HttpMethod.Get, "/tasks");
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
    }
}
