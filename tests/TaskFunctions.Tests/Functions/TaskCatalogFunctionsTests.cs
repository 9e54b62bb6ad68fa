using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class TaskCatalogFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListTasks_AnswersTheCatalogTheAppRegisters()
    {
        var functions = TestHost.Create<TaskCatalogFunctions>(_services);
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks");

        await exchange.ExecuteAsync(functions.ListTasks(exchange.Request));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(["feishu-sync", "user-space-sync"], exchange.Json().EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ListTasks_AScheduleFromTheAppSettings_IsListedWithItsTask()
    {
        using ServiceProvider services = TestHost.CreateServices(settings: new Dictionary<string, string?>
        {
            ["TaskFunctions:Schedules:feishu-sync:nightly:Cron"] = "0 2 * * *",
            ["TaskFunctions:Schedules:feishu-sync:nightly:TimeZone"] = "Asia/Shanghai",
        });
        var functions = TestHost.Create<TaskCatalogFunctions>(services);
        HttpExchange exchange = HttpExchange.Create(services, "GET", "/tasks");

        await exchange.ExecuteAsync(functions.ListTasks(exchange.Request));

        JsonElement feishu = exchange.Json().EnumerateArray().Single(t => t.GetProperty("name").GetString() == "feishu-sync");
        JsonElement schedule = Assert.Single(feishu.GetProperty("schedules").EnumerateArray());
        Assert.Equal("nightly", schedule.GetProperty("name").GetString());
        Assert.Equal("0 2 * * *", schedule.GetProperty("cron").GetString());
        Assert.Equal("Asia/Shanghai", schedule.GetProperty("timeZone").GetString());
        DateTime next = schedule.GetProperty("nextAt").GetDateTime().ToUniversalTime();
        Assert.Equal((18, 0, 0), (next.Hour, next.Minute, next.Second));
    }
}
