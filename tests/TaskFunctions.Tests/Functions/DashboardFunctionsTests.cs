using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>The dashboard function serves the same files as the local host, asking for a function key.</summary>
public sealed class DashboardFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly DashboardFunctions _functions = new();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("executions/some-execution")]
    [InlineData("tasks/feishu-sync")]
    public async Task Serve_PageRoute_AnswersThePageThatAsksForAFunctionKey(string? path)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/dashboard/" + path);

        await exchange.ExecuteAsync(_functions.Serve(exchange.Request, path));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("text/html; charset=utf-8", exchange.ContentType);
        string html = Body(exchange);
        Assert.Contains("""<meta name="taskfunctions-key-header" content="x-functions-key">""", html, StringComparison.Ordinal);
        Assert.Contains("""<meta name="taskfunctions-key-label" content="Function key">""", html, StringComparison.Ordinal);
        Assert.Equal("no-cache", exchange.Headers.CacheControl.ToString());
        Assert.Contains("script-src 'self'", exchange.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal("nosniff", exchange.Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task Serve_Asset_AnswersItWithItsType()
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/dashboard/assets/js/live.js");

        await exchange.ExecuteAsync(_functions.Serve(exchange.Request, "assets/js/live.js"));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", exchange.ContentType);
        Assert.Contains("/events", Body(exchange), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("assets/js/missing.js")]
    [InlineData("assets/../index.html")]
    [InlineData("assets/../../host.json")]
    [InlineData("assets/%2e%2e/index.html")]
    [InlineData("assets/JS/MAIN.JS")]
    public async Task Serve_PathThatIsNoAsset_Is404Problem(string path)
    {
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/dashboard/" + path);

        await exchange.ExecuteAsync(_functions.Serve(exchange.Request, path));

        Assert.Contains("The dashboard has no file", exchange.Problem(404), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CurrentETag_Is304()
    {
        HttpExchange first = HttpExchange.Create(_services, "GET", "/dashboard");
        await first.ExecuteAsync(_functions.Serve(first.Request, null));
        HttpExchange again = HttpExchange.Create(_services, "GET", "/dashboard");
        again.Request.Headers.IfNoneMatch = "\"other\", " + first.Headers.ETag;

        await again.ExecuteAsync(_functions.Serve(again.Request, null));

        Assert.Equal(304, again.StatusCode);
        Assert.Equal(first.Headers.ETag.ToString(), again.Headers.ETag.ToString());
        Assert.Empty(Body(again));
    }

    private static string Body(HttpExchange exchange)
    {
        exchange.Response.Body.Position = 0;
        return new StreamReader(exchange.Response.Body, Encoding.UTF8).ReadToEnd();
    }
}
