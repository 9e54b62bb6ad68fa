using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskFunctions.LocalHost.Security;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>The host refuses to start beyond loopback without an API key, and checks its security settings.</summary>
public sealed class StartupCheckTests
{
    [Theory]
    [InlineData("--urls", "http://0.0.0.0:0")]
    [InlineData("--urls", "http://*:7071")]
    [InlineData("--urls", "http://+:7071")]
    [InlineData("--urls", "http://10.1.2.3:7071")]
    [InlineData("--urls", "http://[::]:7071")]
    [InlineData("--urls", "http://tasks.example.com:7071")]
    [InlineData("--urls", "http://127.0.0.1:7071;http://192.168.1.20:7071")]
    [InlineData("--Kestrel:Endpoints:Public:Url", "http://0.0.0.0:7071")]
    public void Build_NonLoopbackWithoutKey_RefusesWithTheReason(string setting, string value)
    {
        var refused = Assert.Throws<SecurityConfigurationException>(() => LocalHostApplication.Build(["--backend", "memory", setting, value]));

        Assert.Contains("not loopback", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--api-key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HttpPortsWithoutUrlsOrKey_Refuses()
    {
        Assert.Throws<SecurityConfigurationException>(() => LocalHostApplication.Build(["--backend", "memory", "--urls", "", "--http_ports", "8080"]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:7071")]
    [InlineData("http://[::1]:7071;http://127.0.0.2:7071")]
    public async Task Build_LoopbackWithoutKey_Builds(string urls)
    {
        await using WebApplication app = LocalHostApplication.Build(["--backend", "memory", "--urls", urls]);

        Assert.False(app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.HasApiKey);
    }

    [Fact]
    public async Task Build_NonLoopbackWithKey_Builds()
    {
        await using WebApplication app = LocalHostApplication.Build(["--backend", "memory", "--urls", "http://0.0.0.0:0", "--api-key", "k"]);

        Assert.Equal("k", app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.ApiKey);
    }

    [Theory]
    [InlineData("--Security:CorsOrigins:0", "*", "Security:CorsOrigins")]
    [InlineData("--Security:CorsOrigins:0", "localhost:5173", "Security:CorsOrigins")]
    [InlineData("--Security:CorsOrigins:0", "http://localhost:5173/app", "Security:CorsOrigins")]
    [InlineData("--Security:StartsPerMinute", "-1", "Security:StartsPerMinute")]
    public void Build_InvalidSetting_RefusesNamingIt(string setting, string value, string named)
    {
        var refused = Assert.Throws<SecurityConfigurationException>(() => LocalHostApplication.Build(["--backend", "memory", setting, value]));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostProcess_NonLoopbackWithoutKey_ExitsNonZeroWithTheMessage()
    {
        (int exitCode, string console) = await HostProcess.RunToExitAsync("--backend", "memory", "--urls", "http://0.0.0.0:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("will not start", console, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", console, StringComparison.Ordinal);
        Assert.Contains("--api-key", console, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyMiddleware_NoKeyAndANonLoopbackLocalAddress_Is403Problem()
    {
        ServiceProvider services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        await using var _ = services;
        bool passed = false;
        var middleware = new ApiKeyMiddleware(
            _ => { passed = true; return Task.CompletedTask; },
            Options.Create(new SecurityOptions()),
            services.GetRequiredService<IProblemDetailsService>(),
            NullLogger<ApiKeyMiddleware>.Instance);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.LocalIpAddress = IPAddress.Parse("10.1.2.3");
        context.Response.Body = new MemoryStream();

        await middleware.InvokeAsync(context);

        Assert.False(passed);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        Assert.Equal(403, JsonNode.Parse(context.Response.Body)!["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task ApiKeyMiddleware_NoKeyAndALoopbackLocalAddress_PassesOn(string local)
    {
        bool passed = false;
        var middleware = new ApiKeyMiddleware(
            _ => { passed = true; return Task.CompletedTask; },
            Options.Create(new SecurityOptions()),
            new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider().GetRequiredService<IProblemDetailsService>(),
            NullLogger<ApiKeyMiddleware>.Instance);
        var context = new DefaultHttpContext();
        context.Connection.LocalIpAddress = IPAddress.Parse(local);

        await middleware.InvokeAsync(context);

        Assert.True(passed);
    }
}
