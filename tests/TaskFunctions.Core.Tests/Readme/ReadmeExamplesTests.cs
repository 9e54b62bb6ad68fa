using System.Text.RegularExpressions;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Readme;

/// <summary>
/// The README's code for task authors compiles and does what the README says: its classes are kept verbatim in
/// <c>ReadmeExamples.cs</c>, and its registrations are run here.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    [Theory]
    [InlineData("ReportTask")]
    [InlineData("AuditMiddleware")]
    [InlineData("NightlySync")]
    [InlineData("RedactSecrets")]
    public void TheReadmesClass_IsTheCompiledOne(string className)
    {
        string root = RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        string compiled = File.ReadAllText(Path.Combine(root, "tests", "TaskFunctions.Core.Tests", "Readme", "ReadmeExamples.cs"));

        string shown = ClassOf(readme, className);

        Assert.Contains(shown, compiled.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportTask_AsRegistered_ReadsItsParamsAndLogs()
    {
        await using RunnerHost host = new(tasks => tasks
            .AddTask<ReportTask>("monthly-report", o => { o.Description = "Builds the monthly report"; o.Timeout = TimeSpan.FromMinutes(2); })
            .UseMiddleware<AuditMiddleware>());

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("monthly-report", timeoutMs: 120_000) with { Params = Requests.Json("""{"month":11}""") }));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        LogEntry entry = Assert.Single(result.Logs, e => e.Message == "building report");
        Assert.Equal(11, entry.Data!.Value.GetProperty("month").GetInt32());
        Assert.Equal("Manual", result.Items["startedBy"].GetString());
    }

    [Fact]
    public async Task AuditMiddleware_OnFailure_LogsTheErrorItIsGiven()
    {
        await using RunnerHost host = new(tasks => tasks.AddTask<ReportTask>("monthly-report").UseMiddleware<AuditMiddleware>("monthly-report"));

        AttemptResult result = await host.RunAsync(Requests.Attempt(host.Execution("monthly-report") with { Params = Requests.Json("""{"month":-1}""") }));

        Assert.Equal(AttemptOutcome.Failed, result.Outcome);
        LogEntry warning = result.Logs[^1];
        Assert.Equal(("notifying on-call", TaskLogLevel.Warn), (warning.Message, warning.Level));
        Assert.Equal(typeof(ArgumentOutOfRangeException).FullName, warning.Data!.Value.GetProperty("type").GetString());
    }

    private static string ClassOf(string readme, string className)
    {
        Match match = Regex.Match(
            readme.ReplaceLineEndings("\n"),
            $@"^public sealed class {className}\b.*?^\}}$",
            RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(match.Success, $"The README shows no class {className}.");
        return match.Value;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (TaskFunctions.sln) is not above " + AppContext.BaseDirectory);
    }
}
