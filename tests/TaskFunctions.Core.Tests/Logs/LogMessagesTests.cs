using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Logs;

public sealed class LogMessagesTests
{
    [Fact]
    public void Messages_AreWordedAsTheSpecification()
    {
        Assert.Equal("开始执行任务 (超时限制: 30000ms)", LogMessages.Started(30_000));
        Assert.Equal("任务执行成功", LogMessages.Succeeded);
        Assert.Equal("任务执行超时 (1500ms)", LogMessages.TimedOut(1_500));
        Assert.Equal("任务执行失败", LogMessages.Failed);
        Assert.Equal("任务已取消", LogMessages.Cancelled);
        Assert.Equal("第 2 次尝试失败", LogMessages.AttemptFailed(2));
        Assert.Equal("1500ms 后重试 (第 3 次尝试)", LogMessages.Retrying(3, 1_500));
    }
}
