using Microsoft.Playwright;

namespace TaskFunctions.LocalHost.Tests.Dashboard;

/// <summary>
/// Saves screenshots of the dashboard's pages during the browser tests, in <c>TestResults/dashboard/</c> at the
/// repository's root (ignored by git), or in <c>TASKFUNCTIONS_SCREENSHOTS</c>.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Locate();

    /// <summary>Saves a full-page screenshot named <paramref name="name"/>.png.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("TASKFUNCTIONS_SCREENSHOTS") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskFunctions.sln")))
            {
                return Path.Combine(dir.FullName, "TestResults", "dashboard");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");
    }
}
