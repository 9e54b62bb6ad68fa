using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TaskFunctions.Catalog;
using TaskFunctions.Http;
using TaskFunctions.Scheduling;

namespace TaskFunctions.Core.Tests.Http;

/// <summary><c>GET /tasks</c> lists each task's schedules, from code and from configuration, with their next occurrences.</summary>
public sealed class TaskApiCatalogTests : IDisposable
{
    private static readonly DateTime Monday1030 = new(2025, 11, 24, 10, 30, 0, DateTimeKind.Utc);

    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly TaskDefinition _report;
    private readonly TaskDefinition _plain = new("plain", typeof(object), new TaskDefinitionOptions());

    public TaskApiCatalogTests()
    {
        var options = new TaskDefinitionOptions { Timeout = TimeSpan.FromMinutes(5) };
        options.Schedules.Add(new TaskSchedule("nightly", "0 2 * * *", "Asia/Shanghai"));
        _report = new TaskDefinition("report", typeof(object), options);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListTasks_WithTheHostsScheduleRunner_ListsCodeAndConfigurationSchedulesWithTheirNextOccurrence()
    {
        var runner = new ScheduleRunner(
            [new ScheduledTask(_report, _report.Schedules[0], "code"), new ScheduledTask(_report, new TaskSchedule("hourly", "0 * * * *"), "TaskFunctions:Schedules:report:hourly")],
            TimeProvider.System,
            new SchedulerOptions(),
            NullLogger<ScheduleRunner>.Instance);
        var api = new TaskApi(new TaskCatalog([_report, _plain]), runner, new TestClock(Monday1030));

        JsonNode listed = await ListAsync(api);

        // 02:00 in Shanghai (UTC+8) is 18:00 UTC the day before the local date: the next one is today's 18:00 UTC.
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                [{"name":"plain","timeoutMs":30000},
                 {"name":"report","timeoutMs":300000,"schedules":[
                   {"name":"nightly","cron":"0 2 * * *","timeZone":"Asia/Shanghai","nextAt":"2025-11-24T18:00:00Z"},
                   {"name":"hourly","cron":"0 * * * *","timeZone":"UTC","nextAt":"2025-11-24T11:00:00Z"}]}]
                """),
            listed),
            listed.ToJsonString());
    }

    [Fact]
    public async Task ListTasks_WithoutAScheduleRunner_ListsTheDefinitionsOwnSchedules()
    {
        JsonNode listed = await ListAsync(new TaskApi(new TaskCatalog([_report, _plain])));

        // The catalog lists its tasks by name: plain, then report.
        Assert.Null(listed[0]!["schedules"]);
        JsonNode schedule = Assert.Single(listed[1]!["schedules"]!.AsArray())!;
        Assert.Equal("nightly", schedule["name"]!.GetValue<string>());
        Assert.Equal("Asia/Shanghai", schedule["timeZone"]!.GetValue<string>());
        Assert.True(schedule["nextAt"]!.GetValue<DateTime>().ToUniversalTime() > DateTime.UtcNow);
    }

    private async Task<JsonNode> ListAsync(TaskApi api)
    {
        HttpExchange exchange = await HttpExchange.Create(_services, "GET", "/tasks").ExecuteAsync(api.ListTasks());
        Assert.Equal(200, exchange.StatusCode);
        return JsonNode.Parse(exchange.Json().GetRawText())!;
    }
}
