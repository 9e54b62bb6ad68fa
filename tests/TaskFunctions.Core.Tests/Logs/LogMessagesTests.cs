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
    }
}
