using System.Net;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>With origins configured, a browser page of one of them may call the API; no other page may.</summary>
public sealed class CorsTests(CorsHostFixture host) : IClassFixture<CorsHostFixture>
{
    [Fact]
    public async Task Preflight_AllowedOrigin_GetsTheCorsHeaders()
    {
        using HttpRequestMessage request = SecurityAssert.Preflight($"/tasks/{TestTasks.Probe}/execute/manual", CorsHostFixture.AllowedOrigin);

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal(CorsHostFixture.AllowedOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)));
        string allowedHeaders = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers"));
        Assert.Contains("x-api-key", allowedHeaders, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_OtherOrigin_GetsNoCorsHeaders()
    {
        using HttpRequestMessage request = SecurityAssert.Preflight($"/tasks/{TestTasks.Probe}/execute/manual", "http://evil.example.com");

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        SecurityAssert.HasNoCorsHeaders(response);
    }

    [Fact]
    public async Task Get_AllowedOrigin_AllowsTheOriginAndExposesTheApiHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tasks");
        request.Headers.Add("Origin", "https://tasks.example.com");

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://tasks.example.com", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        string exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("Location", exposed, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x-ms-continuation-token", exposed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_OtherOrigin_GetsNoCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tasks");
        request.Headers.Add("Origin", "http://localhost:5174");

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        SecurityAssert.HasNoCorsHeaders(response);
    }
}
