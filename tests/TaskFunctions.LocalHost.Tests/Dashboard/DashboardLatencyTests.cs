using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>
/// How long a log entry takes from being written to being shown on the execution's page, which follows the
/// execution over the event stream: measured and printed (the figure the README quotes), not asserted.
/// </summary>
public sealed class DashboardLatencyTests(DashboardHostFixture host, ITestOutputHelper output) : IClassFixture<DashboardHostFixture>
{
    // Stamps each log entry with the browser's clock when it appears, and records each "Updates" mode shown.
    private const string Observer = """
        window.__shown = {}; window.__modes = [];
        new MutationObserver(() => {
          for (const li of document.querySelectorAll('#log .entry[data-seq]')) {
            if (!(li.dataset.seq in window.__shown)) window.__shown[li.dataset.seq] = Date.now();
          }
          const mode = document.getElementById('execution-mode')?.textContent;
          if (mode && window.__modes[window.__modes.length - 1] !== mode) window.__modes.push(mode);
        }).observe(document, { subtree: true, childList: true, characterData: true });
        """;

    [Fact]
    public async Task ExecutionPage_EntriesWrittenWhileItIsOpen_ArriveOverTheEventStreamAndTheirDelayIsPrinted()
    {
        await using BrowserPage browser = await host.NewPageAsync();
        IPage page = browser.Page;
        await page.AddInitScriptAsync(Observer);
        string executionId = await host.Http.StartAsync(TestTasks.Writer, new { entries = 20, everyMs = 300 });
        DateTime opened = DateTime.UtcNow;
        await page.GotoAsync($"/dashboard/executions/{executionId}");

        await Expect(page.Locator("#execution-status")).ToHaveTextAsync("completed", new() { Timeout = 60_000 });
        JsonNode execution = await host.Http.GetExecutionAsync(executionId);
        Dictionary<string, long> shown = JsonSerializer.Deserialize<Dictionary<string, long>>(await page.EvaluateAsync<string>("JSON.stringify(window.__shown)"))!;
        string[] modes = JsonSerializer.Deserialize<string[]>(await page.EvaluateAsync<string>("JSON.stringify(window.__modes)"))!;

        // Entries written after the page opened, and the moment each appeared on it.
        List<double> delays = [];
        foreach (JsonNode? entry in execution["logs"]!.AsArray())
        {
            DateTime written = entry!["timestamp"]!.GetValue<DateTime>().ToUniversalTime();
            string seq = entry["seq"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);
            if (written > opened && shown.TryGetValue(seq, out long at))
            {
                delays.Add((DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime - written).TotalMilliseconds);
            }
        }

        Assert.Contains("live (event stream)", modes);
        Assert.True(delays.Count >= 10, $"only {delays.Count} entries were written while the page was open");
        delays.Sort();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"entry written -> shown on the page over the event stream (Azurite, {delays.Count} entries 300 ms apart): median {delays[delays.Count / 2]:F0} ms, p90 {delays[(int)(delays.Count * 0.9)]:F0} ms, max {delays[^1]:F0} ms"));
    }
}
