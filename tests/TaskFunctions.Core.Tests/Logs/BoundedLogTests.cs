using System.Text.Json;
using TaskFunctions.Logs;
using TaskFunctions.Serialization;

namespace TaskFunctions.Core.Tests.Logs;

public sealed class BoundedLogTests
{
    [Fact]
    public void Constructor_RejectsABudgetBelow256()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedLog(255));
        Assert.Empty(new BoundedLog(256).Tail);
    }

    [Fact]
    public void Measure_IsTheEscapedJsonLengthPlusASeparator()
    {
        LogEntry ascii = Requests.Entry("hello");
        LogEntry chinese = Requests.Entry("任务");

        Assert.Equal(JsonSerializer.Serialize(ascii, TaskFunctionsJson.StrictOptions).Length + 1, BoundedLog.Measure(ascii));

        // Each non-ASCII character is stored as a six-character \uXXXX escape.
        Assert.Equal(BoundedLog.Measure(Requests.Entry("ab")) + 10, BoundedLog.Measure(chinese));
    }

    [Fact]
    public void WithinBudget_KeepsEverythingInOrder()
    {
        var log = new BoundedLog(4_096);
        for (int i = 0; i < 10; i++)
        {
            log.Append(Requests.Entry($"line {i}"));
        }

        Assert.Null(log.TakeOverflow());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"line {i}"), log.Tail.Select(e => e.Message));
        Assert.Equal(10, log.TotalCount);
        Assert.Equal(0, log.ArchivedCount);
        Assert.Equal(0, log.ChunkCount);
    }

    [Fact]
    public void ExactlyAtBudget_IsNotOverflow()
    {
        LogEntry entry = Requests.Entry("x");
        int size = BoundedLog.Measure(entry);
        var log = new BoundedLog(size * 10);
        for (int i = 0; i < 10; i++)
        {
            log.Append(entry);
        }

        Assert.Null(log.TakeOverflow());
        log.Append(entry);
        Assert.NotNull(log.TakeOverflow());
    }

    [Fact]
    public void OverBudget_TakesTheOldestOutUntilAtMostHalfTheBudgetRemains()
    {
        LogEntry[] entries = [.. Enumerable.Range(0, 40).Select(i => Requests.Entry($"entry number {i:D3}"))];
        int size = BoundedLog.Measure(entries[0]);
        Assert.All(entries, e => Assert.Equal(size, BoundedLog.Measure(e)));
        int budget = size * 30;
        var log = new BoundedLog(budget);
        foreach (LogEntry entry in entries[..31])
        {
            log.Append(entry);
        }

        IReadOnlyList<LogEntry>? chunk = log.TakeOverflow();

        // 31 entries are over a 30-entry budget; keeping at most 15 means taking out the oldest 16.
        Assert.NotNull(chunk);
        Assert.Equal(entries[..16], chunk);
        Assert.Equal(entries[16..31], log.Tail);
        Assert.True(log.Tail.Sum(BoundedLog.Measure) <= budget / 2);
        Assert.Equal(16, log.ArchivedCount);
        Assert.Equal(1, log.ChunkCount);
        Assert.Equal(31, log.TotalCount);
        Assert.Null(log.TakeOverflow());
    }

    [Fact]
    public void AfterHalving_TheNextChunkIsNotNeededAtOnce()
    {
        LogEntry entry = Requests.Entry("same size");
        int size = BoundedLog.Measure(entry);
        var log = new BoundedLog(size * 20);
        for (int i = 0; i < 21; i++)
        {
            log.Append(entry);
        }

        Assert.NotNull(log.TakeOverflow());
        int kept = log.Tail.Count;

        for (int i = kept; i < 20; i++)
        {
            log.Append(entry);
            Assert.Null(log.TakeOverflow());
        }

        Assert.True(20 - kept >= 9, $"only {20 - kept} entries fit before the next chunk");
    }

    [Fact]
    public void ManyAppends_ChunksPlusTailEqualEveryEntryInOrder()
    {
        var log = new BoundedLog(1_000);
        List<IReadOnlyList<LogEntry>> chunks = [];
        List<LogEntry> all = [];
        for (int i = 0; i < 500; i++)
        {
            var entry = Requests.Entry(new string('x', i % 37) + $" {i}", (TaskLogLevel)(i % 4));
            all.Add(entry);
            log.Append(entry);
            if (log.TakeOverflow() is { } chunk)
            {
                chunks.Add(chunk);
            }

            Assert.True(log.Tail.Sum(BoundedLog.Measure) <= 1_000);
        }

        Assert.Equal(chunks.Count, log.ChunkCount);
        Assert.Equal(chunks.Sum(c => c.Count), log.ArchivedCount);
        Assert.Equal(500, log.TotalCount);
        Assert.Equal(all, [.. chunks.SelectMany(c => c), .. log.Tail]);
        Assert.True(chunks.Count > 10);
    }

    [Fact]
    public void AppendingSeveralBeforeTaking_StillLosesNothing()
    {
        var log = new BoundedLog(512);
        List<LogEntry> all = [.. Enumerable.Range(0, 100).Select(i => Requests.Entry($"batch line {i}"))];
        all.ForEach(log.Append);

        IReadOnlyList<LogEntry>? chunk = log.TakeOverflow();

        Assert.NotNull(chunk);
        Assert.Equal(all, [.. chunk, .. log.Tail]);
        Assert.True(log.Tail.Sum(BoundedLog.Measure) <= 256);
        Assert.Equal(1, log.ChunkCount);
    }

    [Fact]
    public void SingleEntryBiggerThanTheBudget_GoesToTheChunkWithEverythingBeforeIt()
    {
        var log = new BoundedLog(300);
        LogEntry small = Requests.Entry("small");
        LogEntry huge = Requests.Entry(new string('h', 2_000));
        log.Append(small);
        Assert.Null(log.TakeOverflow());

        log.Append(huge);
        IReadOnlyList<LogEntry>? chunk = log.TakeOverflow();

        Assert.Equal([small, huge], chunk);
        Assert.Empty(log.Tail);
        Assert.Equal(2, log.ArchivedCount);
        Assert.Equal(2, log.TotalCount);

        LogEntry next = Requests.Entry("next");
        log.Append(next);
        Assert.Null(log.TakeOverflow());
        Assert.Equal([next], log.Tail);
    }

    [Fact]
    public void SingleHugeEntryAlone_IsTakenOutAlone()
    {
        var log = new BoundedLog(256);
        LogEntry huge = Requests.Entry(new string('界', 500));

        log.Append(huge);

        Assert.Equal([huge], log.TakeOverflow());
        Assert.Empty(log.Tail);
        Assert.Equal(1, log.ChunkCount);
    }
}
