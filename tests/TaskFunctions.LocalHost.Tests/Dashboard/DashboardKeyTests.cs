using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.LocalHost.Tests.Security;
using static Microsoft.Playwright.Assertions;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>
/// On a host that requires its API key, the dashboard's files load without it (they hold no data), every API call
/// still needs it, and the page asks for the key once per browser session and sends it.
/// </summary>
public sealed class DashboardKeyTests(KeyedDashboardHostFixture host) : IClassFixture<KeyedDashboardHostFixture>
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/executions/00000000-0000-8000-8000-000000000000")]
    [InlineData("/dashboard/tasks/user-space-sync")]
    [InlineData("/dashboard/assets/js/main.js")]
    [InlineData("/dashboard/assets/dashboard.css")]
    public async Task DashboardFiles_WithoutKey_Are200(string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Api_WithoutKey_IsStill401()
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Get, "/tasks");

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, response, body);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task DashboardPath_OtherMethodWithoutKey_Is401(string method)
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(new HttpMethod(method), "/dashboard", "{}");

        SecurityAssert.IsProblem(HttpStatusCode.Unauthorized, response, body);
    }

    [Fact]
    public async Task DashboardPath_OtherMethodWithKey_Is405()
    {
        using HttpClient http = host.WithKey(SecurityHostFixture.Key);

        (HttpResponseMessage response, _) = await http.SendAsync(HttpMethod.Post, "/dashboard", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Page_KeyEnteredOnce_IsSentOnEveryCallAndKeptForTheSession()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        var sentKeys = new List<string?>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath.StartsWith("/tasks", StringComparison.Ordinal))
            {
                sentKeys.Add(request.Headers.TryGetValue("x-api-key", out string? key) ? key : null);
            }
        };

        await page.GotoAsync("/dashboard");
        ILocator dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("This host requires its API key on every call.");
        await Screenshots.SaveAsync(page, "13-key-prompt");

        // A wrong key is refused by the host, and the page asks again.
        await page.Locator("#key-input").FillAsync("wrong");
        await page.Locator("#key-input").PressAsync("Enter");
        await Expect(dialog).ToContainTextAsync("refused the API key");

        await page.Locator("#key-input").FillAsync(SecurityHostFixture.Key);
        await page.Locator("#key-input").PressAsync("Enter");
        await Expect(page.Locator(".task-card")).ToHaveCountAsync(2 + TestTasks.Names.Count); // the samples and the test tasks
        await Expect(page.Locator("#key-button")).ToHaveTextAsync("API key: set");

        // Kept for the browser session (sessionStorage): a reload does not ask again.
        await page.ReloadAsync();
        await Expect(page.Locator(".task-card")).ToHaveCountAsync(2 + TestTasks.Names.Count); // the samples and the test tasks
        await Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal([null, "wrong", SecurityHostFixture.Key, SecurityHostFixture.Key], sentKeys);

        // And the page works with it: start from the form, follow the execution.
        await page.GotoAsync($"/dashboard/tasks/{TestTasks.Writer}");
        await page.Locator("#params").FillAsync("""{ "entries": 2 }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed");
        Assert.All(sentKeys.Skip(2), key => Assert.Equal(SecurityHostFixture.Key, key));

        // Another browser session asks again.
        await using BrowserPage other = await host.NewPageAsync();
        await other.Page.GotoAsync("/dashboard");
        await Expect(other.Page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
    }
}
