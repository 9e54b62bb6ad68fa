using Microsoft.Playwright;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, or <c>TASKFUNCTIONS_CHROMIUM</c>) driven headless by Playwright for
/// .NET. Playwright's own browser download is never used: the browser must be installed with apt
/// (<c>apt-get install -y chromium</c>, which <c>.ci/run</c> and <c>scripts/test.sh</c> do).
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>How long a Playwright assertion waits for the page (generous: the CI machine has 2 cores).</summary>
    public const float ExpectTimeoutMs = 30_000;

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("TASKFUNCTIONS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ExecutablePath}: run 'apt-get install -y chromium' (scripts/test.sh does when it runs as root), "
                + "or set TASKFUNCTIONS_CHROMIUM to another Chromium.");
        }

        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        IPlaywright playwright = await Playwright.CreateAsync();
        try
        {
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000,
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens a page in a context of its own (its own sessionStorage), recording every JavaScript dialog.</summary>
    /// <param name="baseAddress">The host the page talks to.</param>
    /// <param name="width">The viewport's width in CSS pixels.</param>
    /// <param name="height">The viewport's height in CSS pixels.</param>
    /// <returns>The page and the dialogs it opened (alert, confirm, prompt), which are dismissed.</returns>
    public async Task<BrowserPage> NewPageAsync(Uri baseAddress, int width = 1200, int height = 900)
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(ExpectTimeoutMs);
        IPage page = await context.NewPageAsync();
        var result = new BrowserPage(context, page);
        page.Dialog += (_, dialog) =>
        {
            result.Dialogs.Add($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.PageError += (_, error) => result.Errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                result.ConsoleErrors.Add(message.Text);
            }
        };
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page in its own browser context, with what it reported.</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    /// <summary>Gets the JavaScript dialogs the page opened.</summary>
    public List<string> Dialogs { get; } = [];

    /// <summary>Gets the uncaught exceptions of the page's scripts.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Gets the console's error messages (failed requests included).</summary>
    public List<string> ConsoleErrors { get; } = [];

    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
