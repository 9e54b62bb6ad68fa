using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Execution;

public sealed class TaskLogTests
{
    private readonly TestClock _clock = new(Requests.Start);

    [Fact]
    public void Entries_AreEarlierOnesThenWrittenOnes()
    {
        LogEntry earlier = Requests.Entry("earlier");
        var log = new TaskLog([earlier], omittedCount: 3, _clock);

        log.Info("written");

        Assert.Equal(2, log.Count);
        Assert.Equal(3, log.OmittedCount);
        Assert.Same(earlier, log[0]);
        Assert.Equal("written", log[1].Message);
        Assert.Equal(["earlier", "written"], log.Select(e => e.Message));
        Assert.Equal(["written"], log.Written.Select(e => e.Message));
    }

    [Fact]
    public void LevelMethods_WriteTheirLevelAndTheClocksTime()
    {
        var log = new TaskLog([], 0, _clock);

        log.Debug("d");
        _clock.Advance(TimeSpan.FromSeconds(1));
        log.Info("i");
        log.Warn("w");
        log.Error("e");
        log.Write(TaskLogLevel.Warn, "custom");

        Assert.Equal(
            [TaskLogLevel.Debug, TaskLogLevel.Info, TaskLogLevel.Warn, TaskLogLevel.Error, TaskLogLevel.Warn],
            log.Select(e => e.Level));
        Assert.Equal(Requests.Start, log[0].Timestamp);
        Assert.Equal(Requests.Start.AddSeconds(1), log[1].Timestamp);
        Assert.Equal(DateTimeKind.Utc, log[1].Timestamp.Kind);
    }

    [Fact]
    public void Data_IsSerializedAsCamelCaseJson()
    {
        var log = new TaskLog([], 0, _clock);

        log.Info("with data", new { UserId = 7, DisplayName = "张三", Skipped = (string?)null });

        JsonElement data = log[0].Data!.Value;
        Assert.Equal(7, data.GetProperty("userId").GetInt32());
        Assert.Equal("张三", data.GetProperty("displayName").GetString());
        Assert.False(data.TryGetProperty("skipped", out _));
    }

    [Fact]
    public void Data_AsJsonElement_IsKeptAsIs()
    {
        var log = new TaskLog([], 0, _clock);
        JsonElement element = Requests.Json("""{"Already":"json"}""");

        log.Info("element", element);

        Assert.Equal("json", log[0].Data!.Value.GetProperty("Already").GetString());
    }

    [Fact]
    public void NoData_LeavesDataNull()
    {
        var log = new TaskLog([], 0, _clock);

        log.Info("plain");

        Assert.Null(log[0].Data);
        Assert.DoesNotContain("data", JsonSerializer.Serialize(log[0]), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void UnserializableData_DoesNotThrowAndSaysWhy()
    {
        var log = new TaskLog([], 0, _clock);
        var cycle = new Node();
        cycle.Next = cycle;

        log.Info("cycle", cycle);
        log.Info("type", typeof(string));

        Assert.Equal(2, log.Count);
        JsonElement first = log[0].Data!.Value;
        Assert.Equal(typeof(Node).FullName, first.GetProperty("unserializable").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("reason").GetString()));
        Assert.Contains("Type", log[1].Data!.Value.GetProperty("unserializable").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DataWhoseGetterThrows_DoesNotFailTheLogCall()
    {
        var log = new TaskLog([], 0, _clock);

        // "A log call must never fail the task", whatever the data's getters throw.
        log.Info("throwing getter", new ThrowingGetter());

        JsonElement data = Assert.Single(log).Data!.Value;
        Assert.Equal(typeof(ThrowingGetter).FullName, data.GetProperty("unserializable").GetString());
        Assert.Equal("not loaded", data.GetProperty("reason").GetString());
    }

    [Fact]
    public void Write_RejectsANullMessage()
    {
        var log = new TaskLog([], 0, _clock);

        Assert.Throws<ArgumentNullException>(() => log.Info(null!));
        Assert.Empty(log);
    }

    [Fact]
    public void EntryWritten_IsRaisedForEachEntry()
    {
        var log = new TaskLog([], 0, _clock);
        List<string> seen = [];
        log.EntryWritten += e => seen.Add(e.Message);

        log.Info("a");
        log.Error("b");

        Assert.Equal(["a", "b"], seen);
    }

    [Fact]
    public async Task ConcurrentWrites_AreAllKept()
    {
        var log = new TaskLog([Requests.Entry("earlier")], 0, _clock);
        using var start = new Barrier(8);

        void Write(int t)
        {
            start.SignalAndWait();
            for (int i = 0; i < 500; i++)
            {
                log.Info($"{t}:{i}", new { t, i });
                _ = log[log.Count - 1];
            }
        }

        // Dedicated threads, so that all writers really run at once even on a small thread pool.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(
            () => Write(t),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.Equal(4_001, log.Count);
        Assert.Equal(4_000, log.Written.Count);
        Assert.Equal(4_000, log.Written.Select(e => e.Message).Distinct().Count());
        for (int t = 0; t < 8; t++)
        {
            // Each writer's own entries stay in the order it wrote them.
            string prefix = $"{t}:";
            int[] order = [.. log.Written.Where(e => e.Message.StartsWith(prefix, StringComparison.Ordinal)).Select(e => e.Data!.Value.GetProperty("i").GetInt32())];
            Assert.Equal(Enumerable.Range(0, 500), order);
        }
    }

    [Fact]
    public async Task Enumerating_WhileWriting_DoesNotThrow()
    {
        var log = new TaskLog([], 0, _clock);

        Task writer = Task.Run(() =>
        {
            for (int i = 0; i < 2_000; i++)
            {
                log.Info("x");
            }
        });
        int snapshots = 0;
        do
        {
            LogEntry[] snapshot = [.. log];
            Assert.All(snapshot, e => Assert.Equal("x", e.Message));
            snapshots++;
        }
        while (!writer.IsCompleted);

        await writer;
        Assert.True(snapshots > 0);
        Assert.Equal(2_000, log.Count);
    }

    private sealed class ThrowingGetter
    {
        public int Value => throw new ArgumentException("not loaded");
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }
}
