using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>A host bound to every interface requires its API key on every call.</summary>
public sealed class ApiKeyTests(PublicApiKeyHostFixture host) : IClassFixture<PublicApiKeyHostFixture>
{
    [Fact]
    public async Task Api_NoKeyHeader_Is401Problem()
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Get, "/tasks");

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, response, body);
        Assert.Contains("x-api-key", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(SecurityHostFixture.Key + "x")]
    [InlineData("security-tests-key-6f1c0b2f")]
    public async Task Api_WrongKey_Is401Problem(string key)
    {
        using HttpClient http = host.WithKey(key);

        (HttpResponseMessage response, JsonNode? body) = await http.SendAsync(HttpMethod.Get, "/tasks");

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, response, body);
    }

    [Fact]
    public async Task Api_RightKey_Is200WithTheCatalog()
    {
        using HttpClient http = host.WithKey(SecurityHostFixture.Key);

        (HttpResponseMessage response, JsonNode? body) = await http.SendAsync(HttpMethod.Get, "/tasks");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(TestTasks.Probe, body!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Start_NoKeyHeader_Is401AndStartsNothing()
    {
        string from = $"from={DateTime.UtcNow.AddSeconds(-1):O}";

        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Writer}/execute/manual", "{}");

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, response, body);
        using HttpClient http = host.WithKey(SecurityHostFixture.Key);
        (HttpResponseMessage list, JsonNode? executions) = await http.SendAsync(HttpMethod.Get, $"/tasks/running/{TestTasks.Writer}?{from}");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty(executions!.AsArray());
    }

    [Fact]
    public async Task Start_RightKey_Is202()
    {
        using HttpClient http = host.WithKey(SecurityHostFixture.Key);

        string executionId = await http.StartAsync(TestTasks.Chatty, new { lines = 1 });

        Assert.Equal("completed", ApiClient.Status(await http.WaitUntilFinishedAsync(executionId)));
    }

    [Theory]
    [InlineData("/openapi.json")]
    [InlineData("/tasks/running/execution/550e8400-e29b-41d4-a716-446655440000/events")]
    public async Task DocumentAndEvents_NoKeyHeader_Are401Problem(string path)
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Get, path);

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, response, body);
    }

    [Fact]
    public async Task DocumentAndEvents_RightKey_AreServed()
    {
        using HttpClient http = host.WithKey(SecurityHostFixture.Key);
        string executionId = await http.StartAsync(TestTasks.Chatty, new { lines = 1 });

        (HttpResponseMessage document, _) = await http.SendAsync(HttpMethod.Get, "/openapi.json");
        await using EventStreamClient events = await EventStreamClient.OpenAsync(http, executionId);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(HttpStatusCode.OK, events.Response.StatusCode);
        // The stream ends with the final status: a status event, or the first event if it had finished already.
        Assert.Equal("completed", (await events.ReadToEndAsync(TimeSpan.FromSeconds(60)))[^1].Json["status"]!.GetValue<string>());
    }
}

/// <summary>A key configured for a host on loopback is enforced there too.</summary>
public sealed class LoopbackApiKeyTests(LoopbackApiKeyHostFixture host) : IClassFixture<LoopbackApiKeyHostFixture>
{
    [Fact]
    public async Task Api_KeyConfiguredOnLoopback_IsRequired()
    {
        using HttpClient right = host.WithKey(SecurityHostFixture.Key);
        using HttpClient wrong = host.WithKey("wrong");

        (HttpResponseMessage none, JsonNode? noneBody) = await host.Http.SendAsync(HttpMethod.Get, "/tasks");
        (HttpResponseMessage bad, JsonNode? badBody) = await wrong.SendAsync(HttpMethod.Get, "/tasks");
        (HttpResponseMessage good, _) = await right.SendAsync(HttpMethod.Get, "/tasks");

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, none, noneBody);
        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, bad, badBody);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }
}
