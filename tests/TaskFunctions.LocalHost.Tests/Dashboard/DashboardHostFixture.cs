using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>The local host on the Azure Storage provider against a real Azurite, and a headless chromium to open its dashboard.</summary>
public sealed class DashboardHostFixture : AzureStorageHostFixture, IAsyncLifetime
{
    private ChromiumBrowser? _browser;

    /// <summary>A schedule the catalog page lists: on 29 February only, so that it never starts an execution in a test run.</summary>
    public const string LeapDaySchedule = "leap-day";

    public ChromiumBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started the browser yet.");

    /// <summary>Opens a new page (its own browser context) on the host.</summary>
    public Task<BrowserPage> NewPageAsync(int width = 1200, int height = 900) => Browser.NewPageAsync(BaseAddress, width, height);

    protected override string[] ExtraArguments =>
    [
        $"--TaskFunctions:Schedules:feishu-sync:{LeapDaySchedule}:Cron", "0 3 29 2 *",
        $"--TaskFunctions:Schedules:feishu-sync:{LeapDaySchedule}:TimeZone", "Asia/Shanghai",
    ];

    // Re-implemented so that the browser starts first: a missing chromium fails the class at once, with its message.
    async Task IAsyncLifetime.InitializeAsync()
    {
        _browser = await ChromiumBrowser.LaunchAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
