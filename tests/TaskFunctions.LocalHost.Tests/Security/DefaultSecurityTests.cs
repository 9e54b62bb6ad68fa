using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>What the host does without security settings: no key on loopback, no CORS, no rate limit, nosniff always.</summary>
public sealed class DefaultSecurityTests(DefaultSecurityHostFixture host) : IClassFixture<DefaultSecurityHostFixture>
{
    [Fact]
    public async Task Preflight_NoOriginsConfigured_GetsNoCorsHeaders()
    {
        using HttpRequestMessage request = SecurityAssert.Preflight($"/tasks/{TestTasks.Probe}/execute/manual", "http://localhost:5173");

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.NoContent, response.StatusCode);
        SecurityAssert.HasNoCorsHeaders(response);
    }

    [Fact]
    public async Task Get_NoOriginsConfiguredWithAnOrigin_GetsNoCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tasks");
        request.Headers.Add("Origin", "http://localhost:5173");

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SecurityAssert.HasNoCorsHeaders(response);
    }

    [Fact]
    public async Task Answer_Success_HasNosniff()
    {
        (HttpResponseMessage response, _) = await host.Http.SendAsync(HttpMethod.Get, "/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("GET", "/tasks/running/execution/no-such-execution")]
    [InlineData("POST", "/tasks/no-such-task/execute/manual")]
    [InlineData("GET", "/no/such/route")]
    public async Task Answer_Problem_HasNosniff(string method, string path)
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, body?["status"]?.GetValue<int>());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Start_NoLimitConfigured_ManyStartsAreAccepted()
    {
        string[] started = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 })));

        Assert.Equal(5, started.Distinct().Count());
    }

    [Fact]
    public async Task Api_NoKeyOnLoopback_IsServed()
    {
        (HttpResponseMessage response, _) = await host.Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Probe}/execute/api", "{}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
