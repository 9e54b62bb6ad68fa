using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>The text of the event stream, as the HTML standard's parser reads it.</summary>
public sealed class ServerSentEventsTests
{
    [Fact]
    public void Event_WithIdAndRetry_WritesEachFieldOnItsLineAndEndsWithABlankLine()
    {
        string text = ServerSentEvents.Event("execution", 12, """{"a":1}""", TimeSpan.FromSeconds(2));

        Assert.Equal("retry: 2000\nevent: execution\nid: 12\ndata: {\"a\":1}\n\n", text);
    }

    [Fact]
    public void Event_WithoutId_LeavesTheIdOut()
    {
        Assert.Equal("event: status\ndata: {}\n\n", ServerSentEvents.Event("status", id: null, "{}"));
    }

    [Fact]
    public void Event_DataOfSeveralLines_IsOneDataLineEach()
    {
        Assert.Equal("event: x\ndata: one\ndata: two\ndata: three\ndata: \n\n", ServerSentEvents.Event("x", null, "one\r\ntwo\rthree\n"));
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("")]
    public void Event_ATypeThatIsNotOneLine_Throws(string type)
    {
        Assert.ThrowsAny<ArgumentException>(() => ServerSentEvents.Event(type, 1, "{}"));
    }

    [Fact]
    public void Comment_IsAColonLine()
    {
        Assert.Equal(": keep-alive\n\n", ServerSentEvents.Comment("keep-alive"));
        Assert.Throws<ArgumentException>(() => ServerSentEvents.Comment("a\nb"));
    }

    [Fact]
    public void Format_LogEntry_IsALogEventWhoseIdIsItsSeqAndWhoseDataIsTheEntryAsTheStatusRouteWritesIt()
    {
        LogEntry entry = new LogEntry(new DateTime(2025, 11, 25, 11, 5, 0, 123, DateTimeKind.Utc), TaskLogLevel.Warn, "第 1 步 <b>") { Seq = 7 };

        string text = ExecutionEventStream.Format(new ExecutionLogAppended(entry));

        Assert.Equal(
            "event: log\nid: 7\ndata: {\"seq\":7,\"timestamp\":\"2025-11-25T11:05:00.123Z\",\"level\":\"warn\",\"message\":\"第 1 步 <b>\"}\n\n",
            text);
    }

    [Fact]
    public void Format_StatusChange_IsAStatusEventWithoutId()
    {
        string text = ExecutionEventStream.Format(new ExecutionStatusChanged(ExecutionStatus.Cancelled, new DateTime(2025, 11, 25, 11, 6, 0, DateTimeKind.Utc)));

        Assert.Equal("event: status\ndata: {\"status\":\"cancelled\",\"finishedAt\":\"2025-11-25T11:06:00Z\"}\n\n", text);
    }

    [Theory]
    [InlineData(new string[0], new string[0], 0)]
    [InlineData(new[] { "12" }, new string[0], 12)]
    [InlineData(new string[0], new[] { "7" }, 7)]
    [InlineData(new[] { "3" }, new[] { "9" }, 3)]
    [InlineData(new[] { "0" }, new string[0], 0)]
    public void TryReadLastEventId_TheHeaderOrElseTheQuery_IsTheSeq(string[] header, string[] query, int expected)
    {
        Assert.True(ServerSentEvents.TryReadLastEventId(header, query, out int seq));
        Assert.Equal(expected, seq);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData(" 2")]
    [InlineData("99999999999")]
    public void TryReadLastEventId_NotASeq_IsRefused(string value)
    {
        Assert.False(ServerSentEvents.TryReadLastEventId([value], [], out _));
        Assert.False(ServerSentEvents.TryReadLastEventId([], [value], out _));
    }

    [Fact]
    public void TryReadLastEventId_TwoValues_IsRefused()
    {
        Assert.False(ServerSentEvents.TryReadLastEventId(["1", "2"], [], out _));
    }
}
