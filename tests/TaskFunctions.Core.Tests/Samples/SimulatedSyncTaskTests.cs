using System.Diagnostics;
using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Samples;

public sealed class SimulatedSyncTaskTests
{
    [Fact]
    public async Task UserSpaceSync_LogsOneLinePerStep()
    {
        TaskContext context = Context("""{"durationMs":0,"steps":3}""");

        await new UserSpaceSyncTask().ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(
            ["用户空间同步: 第 1/3 步完成", "用户空间同步: 第 2/3 步完成", "用户空间同步: 第 3/3 步完成"],
            context.Logs.Select(l => l.Message));
        Assert.All(context.Logs, l => Assert.Equal(TaskLogLevel.Info, l.Level));
        Assert.Equal(2, context.Logs[1].Data!.Value.GetProperty("step").GetInt32());
        Assert.Equal(3, context.Logs[1].Data!.Value.GetProperty("steps").GetInt32());
    }

    [Fact]
    public async Task Note_IsLoggedFirstAsAnInfoEntry_AsWritten()
    {
        TaskContext context = Context("""{"durationMs":0,"steps":1,"note":"<img src=x onerror=alert(1)> 你好"}""");

        await new UserSpaceSyncTask().ExecuteAsync(context, CancellationToken.None);

        Assert.Equal(["用户空间同步: <img src=x onerror=alert(1)> 你好", "用户空间同步: 第 1/1 步完成"], context.Logs.Select(l => l.Message));
        Assert.Equal(TaskLogLevel.Info, context.Logs[0].Level);
        Assert.Null(context.Logs[0].Data);
    }

    [Fact]
    public async Task FeishuSync_NamesItsSubject()
    {
        TaskContext context = Context("""{"durationMs":0,"steps":1}""");

        await new FeishuSyncTask().ExecuteAsync(context, CancellationToken.None);

        Assert.Equal("飞书同步: 第 1/1 步完成", Assert.Single(context.Logs).Message);
    }

    [Fact]
    public async Task Fail_ThrowsAfterTheFirstStep()
    {
        TaskContext context = Context("""{"durationMs":0,"steps":4,"fail":true}""");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new UserSpaceSyncTask().ExecuteAsync(context, CancellationToken.None));

        Assert.Contains("simulated failure", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("用户空间同步: 第 1/4 步完成", Assert.Single(context.Logs).Message);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task FailAttempts_FailsOnlyTheFirstAttempts(int attempt, bool fails)
    {
        TaskContext context = Context("""{"durationMs":0,"steps":2,"failAttempts":2}""", attempt);

        Exception? thrown = await Record.ExceptionAsync(() => new FeishuSyncTask().ExecuteAsync(context, CancellationToken.None));

        Assert.Equal(fails, thrown is InvalidOperationException);
        Assert.Equal(fails ? 1 : 2, context.Logs.Count);
        if (fails)
        {
            Assert.Contains($"attempt {attempt}", thrown!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cancellation_StopsTheSyncPromptly()
    {
        TaskContext context = Context("""{"durationMs":60000,"steps":2}""");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new UserSpaceSyncTask().ExecuteAsync(context, cancellation.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Empty(context.Logs);
    }

    [Fact]
    public async Task AlreadyCancelled_WritesNothing()
    {
        TaskContext context = Context("""{"durationMs":0,"steps":5}""");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new FeishuSyncTask().ExecuteAsync(context, new CancellationToken(canceled: true)));

        Assert.Empty(context.Logs);
    }

    [Theory]
    [InlineData("""{"durationMs":-1}""")]
    [InlineData("""{"steps":0}""")]
    [InlineData("""{"steps":-3}""")]
    public async Task BadParams_AreRejected(string parameters)
    {
        TaskContext context = Context(parameters);

        var thrown = await Assert.ThrowsAsync<ArgumentException>(
            () => new UserSpaceSyncTask().ExecuteAsync(context, CancellationToken.None));

        Assert.Contains("params.", thrown.Message, StringComparison.Ordinal);
        Assert.Empty(context.Logs);
    }

    [Fact]
    public async Task ParamsOfTheWrongType_FailTheHandler()
    {
        TaskContext context = Context("""{"steps":"many"}""");

        await Assert.ThrowsAsync<JsonException>(() => new UserSpaceSyncTask().ExecuteAsync(context, CancellationToken.None));

        Assert.Empty(context.Logs);
    }

    [Fact]
    public void Defaults_AreTwoSecondsInFourSteps()
    {
        var defaults = new SimulatedSyncParams();

        Assert.Equal((2000, 4, false, 0), (defaults.DurationMs, defaults.Steps, defaults.Fail, defaults.FailAttempts));
    }

    private static TaskContext Context(string parameters, int attempt = 1) =>
        Requests.Context(Requests.Execution(UserSpaceSyncTask.Name, parameters: Requests.Json(parameters)), attempt: attempt);
}
