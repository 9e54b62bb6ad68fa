using TaskFunctions.LocalHost.Tests.Security;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>
/// A host bound to every interface with an API key (as one exposed beyond this machine must be), in memory, and a
/// headless chromium to open its dashboard.
/// </summary>
public sealed class KeyedDashboardHostFixture : SecurityHostFixture, IAsyncLifetime
{
    private ChromiumBrowser? _browser;

    public override string? ApiKey => Key;

    public ChromiumBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started the browser yet.");

    protected override string Urls => "http://0.0.0.0:0";

    public Task<BrowserPage> NewPageAsync() => Browser.NewPageAsync(BaseAddress);

    async Task IAsyncLifetime.InitializeAsync()
    {
        _browser = await ChromiumBrowser.LaunchAsync();
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        await DisposeAsync();
    }
}
