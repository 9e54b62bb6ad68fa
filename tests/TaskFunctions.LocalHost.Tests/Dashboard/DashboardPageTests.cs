using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless) against the local host on Azurite: what a person
/// does on the page, checked on the page and, where it matters, through the API. Each test saves screenshots of
/// the pages it saw (see <see cref="Screenshots"/>).
/// </summary>
public sealed partial class DashboardPageTests(DashboardHostFixture host) : IClassFixture<DashboardHostFixture>
{
    private const string Markup = "<img src=x onerror=alert(1)><script>alert(2)</script>";

    [Fact]
    public async Task StartForm_ValidParams_OpensTheExecutionAndShowsLogLinesWhileItRuns()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync("/dashboard");
        await Expect(page.Locator(".task-card")).ToHaveCountAsync(2 + TestTasks.Names.Count); // the samples and the test tasks
        ILocator feishu = page.Locator(".task-card[data-task='feishu-sync']");
        await Expect(feishu.Locator("dd")).ToContainTextAsync(["one at a time", "up to 10 waiting"]);
        await Expect(feishu.Locator($"[data-schedule='{DashboardHostFixture.LeapDaySchedule}']")).ToHaveTextAsync(
            new Regex($"^{DashboardHostFixture.LeapDaySchedule}: 0 3 29 2 \\* \\(Asia/Shanghai\\), next \\S"));
        await Screenshots.SaveAsync(page, "01-catalog");

        await page.GetByRole(AriaRole.Link, new() { Name = "user-space-sync", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/tasks/user-space-sync$"));
        await page.Locator("#params").FillAsync("""{ "durationMs": 9000, "steps": 3, "note": "started from the form" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(ExecutionUrl());
        string executionId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Expect(Entry(page, "started from the form")).ToBeVisibleAsync();
        await Expect(Entry(page, "第 1/3 步完成")).ToBeVisibleAsync();

        // The line is on the page while the execution still runs, by the page's account and the API's.
        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("running");
        Assert.Equal("running", ApiClient.Status(await host.Http.GetExecutionAsync(executionId)));
        await Screenshots.SaveAsync(page, "02-execution-running");

        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        await Expect(Entry(page, "第 3/3 步完成")).ToBeVisibleAsync();
        await Expect(Entry(page, "任务执行成功")).ToBeVisibleAsync();
        await Expect(page.Locator("#cancel-execution")).ToBeDisabledAsync();
        JsonNode finished = await host.Http.GetExecutionAsync(executionId);
        await Expect(page.Locator("#log .entry")).ToHaveCountAsync(finished["logCount"]!.GetValue<int>());
        Assert.Equal("manual", finished["trigger"]!.GetValue<string>());
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task ExecutionPage_CancelButton_ShowsCancelledAndTheCancelEntry()
    {
        string executionId = await host.Http.StartAsync("user-space-sync", new { durationMs = 60_000, steps = 60 });
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync($"/dashboard/executions/{executionId}");
        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("running");
        await Expect(page.Locator("#log .entry").First).ToContainTextAsync("开始执行任务");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel execution" }).ClickAsync();

        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("cancelled");
        await Expect(page.Locator("#log .entry").Last).ToContainTextAsync("任务已取消");
        await Expect(page.Locator("#cancel-execution")).ToBeDisabledAsync();
        await Expect(page.Locator("#execution-finished time")).ToBeVisibleAsync();
        Assert.Equal("cancelled", ApiClient.Status(await host.Http.GetExecutionAsync(executionId)));
        await Screenshots.SaveAsync(page, "03-execution-cancelled");
    }

    [Fact]
    public async Task StartForm_InvalidJson_ShowsTheErrorAndSendsNothing()
    {
        string from = $"from={DateTime.UtcNow.AddSeconds(-1):O}";
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        var starts = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST")
            {
                starts.Add(request.Url);
            }
        };
        await page.GotoAsync("/dashboard/tasks/feishu-sync");
        await page.Locator("#params").FillAsync("""{ "durationMs": 1000, """);

        await page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();

        await Expect(page.Locator("#params-error")).ToContainTextAsync("Params are not valid JSON");
        await Expect(page.Locator("#params")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#params")).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/tasks/feishu-sync$"));
        await Screenshots.SaveAsync(page, "04-start-invalid-json");
        Assert.Empty(starts);
        (_, JsonNode? list) = await host.Http.SendAsync(HttpMethod.Get, $"/tasks/running/feishu-sync?{from}");
        Assert.Empty(list!.AsArray());
    }

    [Fact]
    public async Task StartForm_ParamsTheTaskRefuses_ShowsTheServersProblemDetail()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync("/dashboard/tasks/feishu-sync");
        await page.Locator("#params").FillAsync("""{ "steps": 0 }""");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();

        ILocator problem = page.Locator("#start-problem");
        await Expect(problem).ToContainTextAsync("(400)");
        await Expect(problem).ToContainTextAsync("params.steps");
        await Expect(page.Locator("#params-error")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard/tasks/feishu-sync$"));
        await Screenshots.SaveAsync(page, "05-start-server-problem");
    }

    [Fact]
    public async Task LogEntry_WithMarkupFromParams_ShowsAsTextAndRunsNothing()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync("/dashboard/tasks/user-space-sync");
        await page.Locator("#params").FillAsync($$"""{ "durationMs": 0, "steps": 1, "note": "{{Markup}}" }""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(ExecutionUrl());

        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed");
        ILocator entry = Entry(page, "用户空间同步: <img");
        await Expect(entry.Locator(".message")).ToHaveTextAsync("用户空间同步: " + Markup);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(0, await page.Locator("#log img, #log script").CountAsync());
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Empty(browser.Dialogs);
        Assert.Empty(browser.Errors);
        await Screenshots.SaveAsync(page, "06-markup-as-text");
    }

    [Fact]
    public async Task ExecutionList_AnotherClientStarts_ShowsTheNewExecutionAndItsOutcome()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync($"/dashboard/tasks/{TestTasks.Writer}");
        await Expect(page.Locator(".executions .live")).ToContainTextAsync("Updated");

        string executionId = await host.Http.StartAsync(TestTasks.Writer, new { entries = 2, everyMs = 200, holdMs = 2000 });

        ILocator row = page.Locator($"#executions li[data-execution-id='{executionId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#executions li").First).ToHaveAttributeAsync("data-execution-id", executionId);
        await Expect(row.Locator(".badge")).ToHaveTextAsync("completed");
        await Screenshots.SaveAsync(page, "07-list-updated");
    }

    [Fact]
    public async Task ExecutionList_StatusFilter_ShowsOnlyThatStatusAndKeepsItInTheAddress()
    {
        string completed = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 0 });
        string running = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 });
        await host.Http.WaitUntilFinishedAsync(completed);
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync($"/dashboard/tasks/{TestTasks.Probe}");
        await Expect(page.Locator($"#executions li[data-execution-id='{running}']")).ToBeVisibleAsync();

        await page.Locator("#status-filter").SelectOptionAsync("completed");

        await Expect(page).ToHaveURLAsync(new Regex($"/dashboard/tasks/{TestTasks.Probe}\\?status=completed$"));
        await Expect(page.Locator($"#executions li[data-execution-id='{completed}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#executions li[data-execution-id='{running}']")).ToHaveCountAsync(0);
        await page.Locator("#status-filter").SelectOptionAsync("running");
        await Expect(page.Locator($"#executions li[data-execution-id='{running}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#executions li:not([data-status='running'])")).ToHaveCountAsync(0);

        // Cancel by task name, behind a confirmation: keeping them running changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Cancel running {TestTasks.Probe}…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keep running" }).ClickAsync();
        Assert.Equal("running", ApiClient.Status(await host.Http.GetExecutionAsync(running)));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Cancel running {TestTasks.Probe}…" }).ClickAsync();
        await Screenshots.SaveAsync(page, "08-confirm-cancel-by-task");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = $"Cancel {TestTasks.Probe}" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToContainTextAsync($"Cancelled 1 running execution of {TestTasks.Probe}.");
        Assert.Equal("cancelled", ApiClient.Status(await host.Http.GetExecutionAsync(running)));
    }

    [Fact]
    public async Task ExecutionList_MoreThanAPage_PagesWithTheContinuationAndBack()
    {
        string[] started = new string[3];
        for (int i = 0; i < started.Length; i++)
        {
            started[i] = await host.Http.StartAsync(TestTasks.Chatty, new { lines = 1 });
            await host.Http.WaitUntilFinishedAsync(started[i]);
        }

        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync($"/dashboard/tasks/{TestTasks.Chatty}?limit=2");
        ILocator rows = page.Locator("#executions li");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToHaveAttributeAsync("data-execution-id", started[2]);
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-execution-id", started[1]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "← Newer" })).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Older →" }).ClickAsync();

        await Expect(rows.First).ToHaveAttributeAsync("data-execution-id", started[0]);
        await Expect(page.Locator(".pager")).ToContainTextAsync("Page 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "← Newer" }).ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-execution-id", started[2]);
        await Expect(rows).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task CancelAll_Confirmed_CancelsEveryRunningExecution()
    {
        string first = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 60_000 });
        string second = await host.Http.StartAsync(TestTasks.Writer, new { entries = 1, holdMs = 60_000 });
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync("/dashboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel all…" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel all" }).ClickAsync();

        await Expect(page.Locator("#notice")).ToContainTextAsync(new Regex(@"Cancelled \d+ running execution"));
        Assert.Equal("cancelled", ApiClient.Status(await host.Http.GetExecutionAsync(first)));
        Assert.Equal("cancelled", ApiClient.Status(await host.Http.GetExecutionAsync(second)));
    }

    [Fact]
    public async Task DeepLink_ToAnExecution_OpensItsPageAndLinksToItsTask()
    {
        string executionId = await host.Http.StartAsync(TestTasks.Writer, new { entries = 3 });
        await host.Http.WaitUntilFinishedAsync(executionId);
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;

        await page.GotoAsync($"/dashboard/executions/{executionId}");

        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed");
        await Expect(page.Locator(".execution-id")).ToHaveTextAsync(executionId);
        await Expect(Entry(page, "written 2")).ToBeVisibleAsync();
        await Expect(page.Locator("#execution-mode")).ToHaveTextAsync("final");
        await Screenshots.SaveAsync(page, "09-deep-link");

        await page.Locator("#execution-task a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/dashboard/tasks/{TestTasks.Writer}$"));
        await Expect(page.Locator($"#executions li[data-execution-id='{executionId}']")).ToBeVisibleAsync();
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/dashboard/executions/{executionId}$"));
        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed");
    }

    [Fact]
    public async Task DeepLink_ToAnUnknownExecutionOrTask_SaysSo()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;

        await page.GotoAsync("/dashboard/executions/00000000-0000-8000-8000-000000000000");
        await Expect(page.Locator("#execution-problem")).ToContainTextAsync("No such execution");
        await page.GotoAsync("/dashboard/tasks/no-such-task");
        await Expect(page.Locator("main")).ToContainTextAsync("This host has no task named no-such-task");
        await page.GotoAsync("/dashboard/elsewhere");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nothing here");
    }

    [Fact]
    public async Task Keyboard_StartFormAndLinks_WorkWithoutAMouse()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.GotoAsync($"/dashboard/tasks/{TestTasks.Writer}");
        await Expect(page.Locator("#params")).ToBeVisibleAsync();

        await page.Locator("#params").FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("""{ "entries": 2 }""");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#timeout")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(ExecutionUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeFocusedAsync();
        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed");
        await Expect(Entry(page, "written 1")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Viewport375_EveryPage_HasNoHorizontalScroll()
    {
        string chatty = await host.Http.StartAsync(TestTasks.Chatty, new { lines = 5, padding = 300 });
        await host.Http.WaitUntilFinishedAsync(chatty);
        await using BrowserPage browser = await host.NewPageAsync(width: 375, height: 812);
        IPage page = browser.Page;

        await page.GotoAsync("/dashboard");
        await Expect(page.Locator(".task-card")).ToHaveCountAsync(2 + TestTasks.Names.Count); // the samples and the test tasks
        await AssertNoHorizontalScrollAsync(page, "the catalog");
        await Screenshots.SaveAsync(page, "10-375px-catalog");

        await page.GotoAsync($"/dashboard/tasks/{TestTasks.Chatty}");
        await Expect(page.Locator($"#executions li[data-execution-id='{chatty}']")).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page, "a task's page");
        await Screenshots.SaveAsync(page, "11-375px-task");

        await page.GotoAsync($"/dashboard/executions/{chatty}");
        await Expect(Entry(page, "line 4 ")).ToBeVisibleAsync();
        await page.Locator("#log details summary").First.ClickAsync();
        await AssertNoHorizontalScrollAsync(page, "an execution's page");
        await Screenshots.SaveAsync(page, "12-375px-execution");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel all…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await AssertNoHorizontalScrollAsync(page, "the confirmation");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    private static async Task AssertNoHorizontalScrollAsync(IPage page, string what)
    {
        int[] widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]");
        Assert.True(widths[0] <= widths[1] && widths[2] <= widths[1], $"{what} scrolls sideways at 375 px: scrollWidth {widths[0]} (body {widths[2]}) > clientWidth {widths[1]}.");
    }

    private static ILocator Entry(IPage page, string text) => page.Locator("#log .entry", new() { HasText = text });

    [GeneratedRegex("/dashboard/executions/[0-9a-f-]{36}$")]
    private static partial Regex ExecutionUrl();
}
