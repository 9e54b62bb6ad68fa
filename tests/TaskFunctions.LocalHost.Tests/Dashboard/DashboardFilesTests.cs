using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>How the local host serves the dashboard's files: types, caching, security headers, client-side routes.</summary>
public sealed partial class DashboardFilesTests(InMemoryHostFixture host) : IClassFixture<InMemoryHostFixture>
{
    private static readonly string[] Modules =
    [
        "main.js", "api.js", "dom.js", "key.js", "live.js", "router.js", "format.js", "notice.js", "problem.js", "dialogs.js",
        "views/catalog.js", "views/task.js", "views/start-form.js", "views/execution.js", "views/not-found.js",
    ];

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/executions/some-execution")]
    [InlineData("/dashboard/tasks/user-space-sync")]
    [InlineData("/dashboard/anything/else/below")]
    public async Task AnyPageRoute_ServesThePageWithItsSecurityHeaders(string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Contains("""<script type="module" src="/dashboard/assets/js/main.js"></script>""", html, StringComparison.Ordinal);
        Assert.Contains("""<meta name="taskfunctions-key-header" content="x-api-key">""", html, StringComparison.Ordinal);
        string csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task EveryModule_IsServedAsJavaScript_AndRefersToNothingOutsideTheHost()
    {
        foreach (string module in Modules)
        {
            using HttpResponseMessage response = await host.Http.GetAsync("/dashboard/assets/js/" + module);
            Assert.True(response.StatusCode == HttpStatusCode.OK, module);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            string script = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(ExternalUrl(), script);
            Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", script, StringComparison.Ordinal);
            Assert.DoesNotContain("eval(", script, StringComparison.Ordinal);
            foreach (Match import in ImportPath().Matches(script))
            {
                string target = new Uri(new Uri("http://x/dashboard/assets/js/" + module), import.Groups[1].Value).AbsolutePath;
                Assert.True(Modules.Contains(target["/dashboard/assets/js/".Length..]), $"{module} imports {target}, which the test does not list.");
            }
        }

        using HttpResponseMessage css = await host.Http.GetAsync("/dashboard/assets/dashboard.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotMatch(ExternalUrl(), await css.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task File_RequestedWithItsETag_Is304WithoutABody()
    {
        using HttpResponseMessage first = await host.Http.GetAsync("/dashboard/assets/js/main.js");
        EntityTagHeaderValue etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/js/main.js");
        again.Headers.IfNoneMatch.Add(etag);

        using HttpResponseMessage response = await host.Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task File_RequestedWithAnotherETag_Is200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/assets/js/main.js");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/dashboard/assets/js/missing.js")]
    [InlineData("/dashboard/assets/")]
    [InlineData("/dashboard/assets/js")]
    [InlineData("/dashboard/assets/index.html")]
    public async Task UnknownAsset_Is404Problem(string path)
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The dashboard has no file", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_IsNotServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/dashboard");

        using HttpResponseMessage response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [GeneratedRegex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"from '(\.{1,2}/[^']+)'")]
    private static partial Regex ImportPath();
}
