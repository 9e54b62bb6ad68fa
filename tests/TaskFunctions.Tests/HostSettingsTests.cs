using System.Text.Json;

namespace TaskFunctions.Tests;

/// <summary>host.json as it lands next to the Functions app, and the sample local settings.</summary>
public sealed class HostSettingsTests
{
    private static TimeSpan Span(JsonElement value) => TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement LocalHostSettings()
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "TaskFunctions.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root.FullName, "src", "TaskFunctions.LocalHost", "appsettings.json")));
        return document.RootElement.Clone();
    }

    private static JsonElement Read(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", file);
        Assert.True(File.Exists(path), $"{path} is missing.");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Host_json_is_version_2_with_no_route_prefix()
    {
        JsonElement host = Read("host.json");
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.Equal(string.Empty, host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Task_hub_name_is_letters_and_digits_only()
    {
        JsonElement durable = Read("host.json").GetProperty("extensions").GetProperty("durableTask");
        string hub = durable.GetProperty("hubName").GetString()!;
        Assert.Equal("TaskFunctions", hub);
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hub);
    }

    [Fact]
    public void Durable_task_concurrency_and_polling_suit_the_service()
    {
        JsonElement durable = Read("host.json").GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal(64, durable.GetProperty("maxConcurrentActivityFunctions").GetInt32());
        Assert.Equal(64, durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32());
        JsonElement storage = durable.GetProperty("storageProvider");
        Assert.Equal("AzureStorage", storage.GetProperty("type").GetString());
        Assert.Equal(TimeSpan.FromMilliseconds(500), TimeSpan.Parse(storage.GetProperty("maxQueuePollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_crashed_workers_activity_runs_again_as_soon_as_on_the_local_host()
    {
        JsonElement storage = Read("host.json").GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");
        JsonElement engine = LocalHostSettings().GetProperty("Engine");

        // The same activity lock on both hosts: a crashed worker's attempt runs again after at most this long.
        TimeSpan functions = Span(storage.GetProperty("workItemQueueVisibilityTimeout"));
        Assert.Equal(Span(engine.GetProperty("WorkItemLockTimeout")), functions);
        Assert.True(functions <= TimeSpan.FromSeconds(15), $"{functions}");

        // The Functions extension refuses a control-queue lock under a minute: its shortest.
        Assert.Equal(TimeSpan.FromMinutes(1), Span(storage.GetProperty("controlQueueVisibilityTimeout")));
    }

    [Fact]
    public void Sample_local_settings_use_azurite_and_the_isolated_worker()
    {
        JsonElement settings = Read("local.settings.sample.json");
        Assert.False(settings.GetProperty("IsEncrypted").GetBoolean());
        JsonElement values = settings.GetProperty("Values");
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }
}
