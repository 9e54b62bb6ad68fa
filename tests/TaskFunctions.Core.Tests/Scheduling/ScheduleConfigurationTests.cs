using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.Readme;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Samples;
using TaskFunctions.Scheduling;

namespace TaskFunctions.Core.Tests.Scheduling;

/// <summary>
/// Schedules from code and from configuration (<c>TaskFunctions:Schedules:{task}:{name}</c>), gathered and checked
/// against their tasks when the host starts: a bad one stops it with a message that names the setting.
/// </summary>
public sealed class ScheduleConfigurationTests
{
    private const string Nightly = "TaskFunctions:Schedules:feishu-sync:nightly";

    [Fact]
    public void AddTaskSchedules_ConfigurationSchedule_HasItsCronZoneAndJsonTextParams()
    {
        ScheduleRunner runner = Runner(new()
        {
            [$"{Nightly}:Cron"] = "0 2 * * *",
            [$"{Nightly}:TimeZone"] = "Asia/Shanghai",
            [$"{Nightly}:Params"] = """{ "durationMs": 1000, "note": "nightly" }""",
        });

        ScheduledTask scheduled = Assert.Single(runner.Schedules);
        Assert.Equal("feishu-sync", scheduled.Task.Name);
        Assert.Equal(Nightly, scheduled.Source);
        Assert.Equal("nightly", scheduled.Schedule.Name);
        Assert.Equal("0 2 * * *", scheduled.Schedule.Cron);
        Assert.Equal("Asia/Shanghai", scheduled.Schedule.TimeZone.Id);
        Assert.Equal("""{"durationMs":1000,"note":"nightly"}""", Compact(scheduled.Schedule.Params));
    }

    [Fact]
    public void AddTaskSchedules_ParamsAsASection_TakesNumbersAndBooleansAsSuchAndTheRestAsStrings()
    {
        const string Every = "TaskFunctions:Schedules:plain:every";
        ScheduleRunner runner = Runner(
            new()
            {
                [$"{Every}:Cron"] = "*/5 * * * *",
                [$"{Every}:Params:count"] = "12",
                [$"{Every}:Params:ratio"] = "-0.5",
                [$"{Every}:Params:dryRun"] = "true",
                [$"{Every}:Params:code"] = "007",
                [$"{Every}:Params:note"] = "night run",
                [$"{Every}:Params:tags:0"] = "a",
                [$"{Every}:Params:tags:1"] = "2",
                [$"{Every}:Params:target:space"] = "ops",
            },
            tasks => tasks.AddTask<NoopTask>("plain"));

        TaskSchedule schedule = Assert.Single(runner.Schedules).Schedule;
        Assert.Equal(TimeZoneInfo.Utc, schedule.TimeZone);
        JsonElement p = schedule.Params!.Value;
        Assert.Equal(12, p.GetProperty("count").GetInt32());
        Assert.Equal(-0.5, p.GetProperty("ratio").GetDouble());
        Assert.True(p.GetProperty("dryRun").GetBoolean());
        Assert.Equal("007", p.GetProperty("code").GetString());
        Assert.Equal("night run", p.GetProperty("note").GetString());
        Assert.Equal("""["a",2]""", p.GetProperty("tags").GetRawText());
        Assert.Equal("ops", p.GetProperty("target").GetProperty("space").GetString());
    }

    [Fact]
    public void AddTaskSchedules_CodeAndConfiguration_AreBothRun()
    {
        ScheduleRunner runner = Runner(
            new() { ["TaskFunctions:Schedules:plain:hourly:Cron"] = "0 * * * *" },
            tasks => tasks.AddTask<NoopTask>("plain", o => o.Schedules.Add(new TaskSchedule("nightly", "0 2 * * *"))));

        Assert.Equal(
            ["plain/hourly (0 * * * *, UTC) from TaskFunctions:Schedules:plain:hourly", "plain/nightly (0 2 * * *, UTC) from code"],
            runner.Schedules.Select(s => $"{s} from {s.Source}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddTaskSchedules_TheReadmesDeclaration_IsRunWithItsZonesAndParams()
    {
        // As the README's Schedules section writes it.
        ScheduleRunner runner = Runner([], tasks => tasks
            .AddTask<ReportTask>("monthly-report", o =>
            {
                o.Schedules.Add(new TaskSchedule("nightly", "0 2 * * *", "Asia/Shanghai"));
                o.Schedules.Add(new TaskSchedule("hourly", "0 * * * *", TimeZoneInfo.Utc, JsonDocument.Parse("""{ "month": 11 }""").RootElement));
            }));

        Assert.Equal(
            ["monthly-report/hourly (0 * * * *, UTC)", "monthly-report/nightly (0 2 * * *, Asia/Shanghai)"],
            runner.Schedules.Select(s => s.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(11, runner.Schedules.Single(s => s.Schedule.Name == "hourly").Schedule.Params!.Value.GetProperty("month").GetInt32());
    }

    [Fact]
    public void AddTaskSchedules_NoSchedules_RunsNone()
    {
        Assert.Empty(Runner([]).Schedules);
    }

    [Theory]
    [InlineData("TaskFunctions:Schedules:nope:nightly:Cron", "0 2 * * *", "TaskFunctions:Schedules:nope:nightly: there is no task named 'nope'")]
    [InlineData($"{Nightly}:TimeZone", "UTC", $"{Nightly}:Cron is missing")]
    [InlineData($"{Nightly}:Cron", "every night", $"{Nightly}: 'every night' is not a cron expression")]
    [InlineData($"{Nightly}:Cron", "0 0 31 4 *", $"{Nightly}: The cron expression '0 0 31 4 *' never occurs")]
    [InlineData($"{Nightly}:Crn", "0 2 * * *", $"{Nightly}:Crn is not a schedule setting")]
    [InlineData("TaskFunctions:Schedules:feishu-sync:Nightly:Cron", "0 2 * * *", "'Nightly' is not a valid schedule name")]
    [InlineData("TaskFunctions:Schedules:feishu-sync", "0 2 * * *", "TaskFunctions:Schedules:feishu-sync must hold schedules")]
    [InlineData("TaskFunctions:Scheduler:CatchUpWindow", "00:00:30", "TaskFunctions:Scheduler:CatchUpWindow must be at least 00:01:00")]
    public void AddTaskSchedules_InvalidSetting_StopsTheStartNamingIt(string key, string value, string expected)
    {
        var refused = Assert.Throws<ScheduleConfigurationException>(() => Runner(new() { [key] = value }));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeZone", "Mars/Olympus_Mons", "The time zone 'Mars/Olympus_Mons' is not known")]
    [InlineData("Params", "{ \"durationMs\": ", "Params is not JSON")]
    [InlineData("Params", "[1, 2]", "Params must be a JSON object, not Array")]
    [InlineData("Params", """{ "steps": 0 }""", "its params do not fit the task: 'params.steps'")]
    [InlineData("Params", """{ "durationMs": "soon" }""", "its params do not fit the task: 'params.durationMs'")]
    public void AddTaskSchedules_InvalidValueOfASchedule_StopsTheStartNamingTheSchedule(string setting, string value, string expected)
    {
        var refused = Assert.Throws<ScheduleConfigurationException>(() => Runner(new() { [$"{Nightly}:Cron"] = "0 2 * * *", [$"{Nightly}:{setting}"] = value }));

        Assert.StartsWith($"{Nightly}: ", refused.Message, StringComparison.Ordinal);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTaskSchedules_NameDeclaredInCodeAndConfiguration_StopsTheStart()
    {
        var refused = Assert.Throws<ScheduleConfigurationException>(() => Runner(
            new() { ["TaskFunctions:Schedules:plain:nightly:Cron"] = "0 3 * * *" },
            tasks => tasks.AddTask<NoopTask>("plain", o => o.Schedules.Add(new TaskSchedule("nightly", "0 2 * * *")))));

        Assert.Contains("task 'plain' has two schedules named 'nightly'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTaskSchedules_CodeScheduleWhoseParamsDoNotFit_StopsTheStartNamingIt()
    {
        var refused = Assert.Throws<ScheduleConfigurationException>(() => Runner(
            [],
            tasks => tasks.AddTask<NoopTask, CountParams>("typed", o => o.Schedules.Add(new TaskSchedule("nightly", "0 2 * * *", timeZone: null, Requests.Json("""{"count":500}"""))))));

        Assert.StartsWith("Schedule 'nightly' of task 'typed': its params do not fit the task: 'params.count'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTaskSchedules_HostStart_ChecksTheSchedules()
    {
        using ServiceProvider services = Services(new() { ["TaskFunctions:Schedules:nope:nightly:Cron"] = "0 2 * * *" });

        // The host resolves its hosted services when it starts: the check is one of them.
        Assert.Throws<ScheduleConfigurationException>(() => services.GetServices<IHostedService>().ToList());
    }

    private static ScheduleRunner Runner(Dictionary<string, string?> settings, Action<TaskFunctionsBuilder>? tasks = null)
    {
        using ServiceProvider services = Services(settings, tasks);
        return services.GetRequiredService<ScheduleRunner>();
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, Action<TaskFunctionsBuilder>? tasks = null)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTaskFunctions(builder =>
        {
            builder.AddSampleTasks();
            tasks?.Invoke(builder);
        });
        services.AddTaskSchedules(configuration);
        return services.BuildServiceProvider();
    }

    private static string Compact(JsonElement? element) => JsonSerializer.Serialize(element);

    private sealed class NoopTask : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class CountParams
    {
        [Range(1, 100)]
        public int Count { get; set; }
    }
}
