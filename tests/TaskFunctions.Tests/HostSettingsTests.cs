using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskFunctions.Functions;
using TaskFunctions.Http;

namespace TaskFunctions.Tests;

/// <summary>
/// host.json as it lands next to the Functions app, and the sample local settings, against what the rest of the
/// repository says: the local host's engine settings (the same task hub, served the same way), the API's own
/// routes, and the values the README states.
/// </summary>
public sealed partial class HostSettingsTests
{
    private static readonly Lazy<string> Root = new(FindRoot);

    [Fact]
    public void HostJson_RoutePrefix_ServesTheRoutesAtThePathsTheApiLinksTo()
    {
        JsonElement host = FunctionsAppFile("host.json");

        // The only host.json schema the Functions v4 host reads.
        Assert.Equal("2.0", host.GetProperty("version").GetString());

        // A Location header names the path the local host serves; the Functions app must serve the same one.
        string prefix = host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
        string served = "/" + string.Join('/', new[] { prefix, TaskApiRoutes.Execution }.Where(p => p.Length > 0));
        Assert.Equal(TaskApiRoutes.ExecutionPath("{executionId}"), served);
    }

    [Fact]
    public void HostJson_TaskHub_IsTheLocalHostsAndLettersAndDigitsOnly()
    {
        string hub = DurableTask().GetProperty("hubName").GetString()!;

        Assert.Equal(Engine().GetProperty("TaskHub").GetString(), hub);
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
    }

    [Fact]
    public void HostJson_ConcurrencyAndPolling_AreTheLocalHostsEngineSettings()
    {
        JsonElement durable = DurableTask();
        JsonElement engine = Engine();
        int concurrency = engine.GetProperty("Concurrency").GetInt32();

        Assert.Equal(concurrency, durable.GetProperty("maxConcurrentActivityFunctions").GetInt32());
        Assert.Equal(concurrency, durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32());
        JsonElement storage = durable.GetProperty("storageProvider");
        Assert.Equal(engine.GetProperty("Backend").GetString(), storage.GetProperty("type").GetString());
        Assert.Equal(Span(engine.GetProperty("MaxQueuePollingInterval")), Span(storage.GetProperty("maxQueuePollingInterval")));
    }

    [Fact]
    public void HostJson_QueueVisibilityTimeouts_AreTheReadmesAndTheActivityLockIsTheLocalHosts()
    {
        JsonElement storage = DurableTask().GetProperty("storageProvider");
        Dictionary<string, TimeSpan> stated = ReadmeVisibilityTimeouts();

        // A crashed worker's attempt runs again after at most this long, as on the local host.
        TimeSpan workItem = Span(storage.GetProperty("workItemQueueVisibilityTimeout"));
        Assert.Equal(stated["workItemQueueVisibilityTimeout"], workItem);
        Assert.Equal(Span(Engine().GetProperty("WorkItemLockTimeout")), workItem);

        // The extension's shortest control-queue lock (the local host's engine accepts a shorter one).
        Assert.Equal(stated["controlQueueVisibilityTimeout"], Span(storage.GetProperty("controlQueueVisibilityTimeout")));
    }

    [Fact]
    public void SampleLocalSettings_UseTheLocalHostsStorageAndTheIsolatedWorker()
    {
        JsonElement settings = FunctionsAppFile("local.settings.sample.json");
        Assert.False(settings.GetProperty("IsEncrypted").GetBoolean());
        JsonElement values = settings.GetProperty("Values");

        // host.json names the setting that holds the storage account; the sample sets it to the local host's.
        string connectionName = DurableTask().GetProperty("storageProvider").GetProperty("connectionStringName").GetString()!;
        Assert.Equal(Engine().GetProperty("ConnectionString").GetString(), values.GetProperty(connectionName).GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void SampleLocalSettings_SetTheRetentionTimersSchedule_SixNcrontabFields()
    {
        // The Functions host cannot index a timer whose schedule setting is missing.
        JsonElement values = FunctionsAppFile("local.settings.sample.json").GetProperty("Values");
        string schedule = values.GetProperty(RetentionFunctions.ScheduleSetting.Replace(":", "__", StringComparison.Ordinal)).GetString()!;

        Assert.Equal(6, schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static TimeSpan Span(JsonElement value) => TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    private static JsonElement DurableTask() => FunctionsAppFile("host.json").GetProperty("extensions").GetProperty("durableTask");

    private static JsonElement Engine() => Json(File.ReadAllText(Path.Combine(Root.Value, "src", "TaskFunctions.LocalHost", "appsettings.json"))).GetProperty("Engine");

    private static JsonElement FunctionsAppFile(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", file);
        Assert.True(File.Exists(path), $"{path} is missing.");
        return Json(File.ReadAllText(path));
    }

    /// <summary>The README's "Running the Functions app" list: <c>`workItemQueueVisibilityTimeout: 00:00:15`</c> and so on.</summary>
    private static Dictionary<string, TimeSpan> ReadmeVisibilityTimeouts()
    {
        string readme = File.ReadAllText(Path.Combine(Root.Value, "README.md"));
        Dictionary<string, TimeSpan> stated = VisibilityTimeout().Matches(readme)
            .ToDictionary(m => m.Groups[1].Value, m => TimeSpan.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.Equal(["controlQueueVisibilityTimeout", "workItemQueueVisibilityTimeout"], stated.Keys.Order(StringComparer.Ordinal));
        return stated;
    }

    private static JsonElement Json(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string FindRoot()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TaskFunctions.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root.FullName;
    }

    [GeneratedRegex(@"`(\w+QueueVisibilityTimeout): ([0-9:.]+)`")]
    private static partial Regex VisibilityTimeout();
}
