using System.Globalization;

namespace TaskFunctions.Logs;

/// <summary>The lifecycle messages every execution records, worded as the API specification writes them.</summary>
public static class LogMessages
{
    /// <summary>The first entry of every execution.</summary>
    /// <param name="timeoutMs">The execution's timeout in milliseconds.</param>
    /// <returns>The message.</returns>
    public static string Started(int timeoutMs) =>
        string.Create(CultureInfo.InvariantCulture, $"开始执行任务 (超时限制: {timeoutMs}ms)");

    /// <summary>The first entry of an execution that waits in its task's queue for the executions ahead of it.</summary>
    /// <param name="position">Its place in the line, 1 for the next to start.</param>
    /// <returns>The message.</returns>
    public static string Queued(int position) =>
        string.Create(CultureInfo.InvariantCulture, $"排队等待前面的执行完成 (队列第 {position} 位)");

    /// <summary>The entry after the first one of a replay: names the execution it runs again (its id is in <c>data.replayOf</c> too).</summary>
    /// <param name="executionId">The execution replayed.</param>
    /// <returns>The message.</returns>
    public static string Replayed(string executionId) =>
        string.Create(CultureInfo.InvariantCulture, $"重新运行执行 {executionId}");

    /// <summary>The last entry of an execution that succeeded.</summary>
    public const string Succeeded = "任务执行成功";

    /// <summary>The entry of an execution that failed with an error.</summary>
    public const string Failed = "任务执行失败";

    /// <summary>The last entry of an execution that was cancelled.</summary>
    public const string Cancelled = "任务已取消";

    /// <summary>The entry of an execution that ran past its timeout.</summary>
    /// <param name="timeoutMs">The execution's timeout in milliseconds.</param>
    /// <returns>The message.</returns>
    public static string TimedOut(int timeoutMs) =>
        string.Create(CultureInfo.InvariantCulture, $"任务执行超时 ({timeoutMs}ms)");

    /// <summary>The entry written when an error middleware throws; the other error middleware still runs.</summary>
    public const string ErrorMiddlewareFailed = "错误中间件执行失败";

    /// <summary>The entry of a handler attempt that failed and will be retried.</summary>
    /// <param name="attempt">The attempt that failed.</param>
    /// <returns>The message.</returns>
    public static string AttemptFailed(int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"第 {attempt} 次尝试失败");

    /// <summary>The entry written before a retry.</summary>
    /// <param name="attempt">The attempt about to run.</param>
    /// <param name="delayMs">The wait before it, in milliseconds.</param>
    /// <returns>The message.</returns>
    public static string Retrying(int attempt, long delayMs) =>
        string.Create(CultureInfo.InvariantCulture, $"{delayMs}ms 后重试 (第 {attempt} 次尝试)");

    /// <summary>The entry written when a host stopped during an attempt and the engine runs it again.</summary>
    /// <param name="attempt">The attempt that starts over.</param>
    /// <returns>The message.</returns>
    public static string AttemptStartedOver(int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"第 {attempt} 次尝试因主机中断重新运行");

    /// <summary>The entry ahead of what a handler wrote after it was left behind at the deadline.</summary>
    public const string LateEntries = "以下日志在超时之后写入";
}
