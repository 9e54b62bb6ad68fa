using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.Scheduling;

namespace TaskFunctions.LocalHost.Tests.Scheduling;

/// <summary>The local host checks its schedules before it starts, and refuses one that is not valid, naming it.</summary>
public sealed class ScheduleStartupTests
{
    [Theory]
    [InlineData("--TaskFunctions:Schedules:no-such-task:nightly:Cron", "0 2 * * *", "TaskFunctions:Schedules:no-such-task:nightly: there is no task named 'no-such-task'")]
    [InlineData("--TaskFunctions:Schedules:feishu-sync:nightly:Cron", "0 25 * * *", "TaskFunctions:Schedules:feishu-sync:nightly: '0 25 * * *' is not a cron expression")]
    [InlineData("--TaskFunctions:Scheduler:CatchUpWindow", "00:00:10", "TaskFunctions:Scheduler:CatchUpWindow must be at least")]
    public void Build_InvalidSchedule_RefusesNamingIt(string setting, string value, string expected)
    {
        var refused = Assert.Throws<ScheduleConfigurationException>(() => LocalHostApplication.Build(["--backend", "memory", setting, value]));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ValidSchedule_RunsItFromConfiguration()
    {
        await using WebApplication app = LocalHostApplication.Build(
            ["--backend", "memory", "--TaskFunctions:Schedules:feishu-sync:nightly:Cron", "0 2 * * *", "--TaskFunctions:Schedules:feishu-sync:nightly:TimeZone", "Asia/Shanghai"]);

        ScheduledTask scheduled = Assert.Single(app.Services.GetRequiredService<ScheduleRunner>().Schedules);
        Assert.Equal("feishu-sync/nightly (0 2 * * *, Asia/Shanghai)", scheduled.ToString());
    }

    [Fact]
    public async Task HostProcess_InvalidSchedule_ExitsWithCode2AndTheMessage()
    {
        (int exitCode, string console) = await HostProcess.RunToExitAsync("--backend", "memory", "--urls", "http://127.0.0.1:0", "--TaskFunctions:Schedules:feishu-sync:nightly:TimeZone", "Mars/Olympus_Mons", "--TaskFunctions:Schedules:feishu-sync:nightly:Cron", "0 2 * * *");

        Assert.Equal(2, exitCode);
        Assert.Contains("TaskFunctions.LocalHost will not start: TaskFunctions:Schedules:feishu-sync:nightly: The time zone 'Mars/Olympus_Mons' is not known", console, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", console, StringComparison.Ordinal);
    }
}
