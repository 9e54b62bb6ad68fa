using System.Text.Json;
using TaskFunctions.Logs;
using TaskFunctions.Serialization;

namespace TaskFunctions.Core.Tests.Serialization;

public sealed class UtcTimestampConverterTests
{
    [Theory]
    [InlineData(0, "\"2025-11-25T11:05:00Z\"")]
    [InlineData(1_230_000, "\"2025-11-25T11:05:00.123Z\"")]
    [InlineData(1_234_567, "\"2025-11-25T11:05:00.123Z\"")]
    [InlineData(9_999, "\"2025-11-25T11:05:00Z\"")]
    public void Write_IsUtcWithMillisecondsAtMost(long extraTicks, string expected)
    {
        DateTime at = new DateTime(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc).AddTicks(extraTicks);

        Assert.Equal(expected, JsonSerializer.Serialize(at, TaskFunctionsJson.Options));
    }

    [Fact]
    public void Write_ALocalTime_IsConvertedToUtc()
    {
        DateTime utc = new(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc);

        Assert.Equal("\"2025-11-25T11:05:00Z\"", JsonSerializer.Serialize(utc.ToLocalTime(), TaskFunctionsJson.Options));
    }

    [Fact]
    public void LogEntries_AreWrittenAsTheSpecificationShowsThem()
    {
        var entry = new LogEntry(new DateTime(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc), TaskLogLevel.Info, "开始执行任务 (超时限制: 30000ms)");

        Assert.Equal(
            """{"timestamp":"2025-11-25T11:05:00Z","level":"info","message":"开始执行任务 (超时限制: 30000ms)"}""",
            JsonSerializer.Serialize(entry, TaskFunctionsJson.Options));
    }

    [Theory]
    [InlineData("\"2025-11-25T11:05:00Z\"")]
    [InlineData("\"2025-11-25T11:05:00.1234567Z\"")]
    [InlineData("\"2025-11-25T19:05:00+08:00\"")]
    public void Read_TakesAnyIsoTime(string json)
    {
        DateTime read = JsonSerializer.Deserialize<DateTime>(json, TaskFunctionsJson.Options).ToUniversalTime();

        Assert.Equal(new DateTime(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc), read.AddTicks(-(read.Ticks % TimeSpan.TicksPerSecond)));
    }
}
