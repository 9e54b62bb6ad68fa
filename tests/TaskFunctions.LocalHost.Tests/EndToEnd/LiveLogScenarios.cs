using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// How live logs are throttled, seen over HTTP on a host whose live-log interval is <see cref="LiveLogHost.Interval"/>:
/// an entry waits the interval before it is sent, entries written meanwhile go in the same batch, and an attempt that
/// ends sooner sends none. Where the backend reads histories back, the batches are also counted there (each is a
/// <c>log</c> event). Each backend runs them through a subclass.
/// </summary>
public abstract class LiveLogScenarios(LocalHostFixture host, bool historyReadable) : HostScenarios(host)
{
    private static readonly TimeSpan Visible = LiveLogHost.Interval + TimeSpan.FromSeconds(5);

    // Timestamps carry milliseconds at most.
    private static readonly TimeSpan Rounding = TimeSpan.FromMilliseconds(2);

    private readonly IOrchestrationServiceClient _engine = host.Services.GetRequiredService<IOrchestrationServiceClient>();

    [Fact]
    public async Task LiveLog_StageEndsBeforeTheInterval_ShowsItsEntriesOnlyWithItsResult()
    {
        // Three entries 50 ms apart, then 400 ms more: the stage ends long before its first entry has waited 2 s.
        string id = await Http.StartAsync(TestTasks.Writer, new { entries = 3, everyMs = 50, holdMs = 400 });

        List<(JsonNode Execution, DateTime At)> reads = [];
        (JsonNode done, _) = await Eventually.UntilAsync(
            async () =>
            {
                (JsonNode Execution, DateTime At) read = (await Http.GetExecutionAsync(id), DateTime.UtcNow);
                reads.Add(read);
                return read;
            },
            read => ApiClient.Status(read.Execution) != "running",
            TimeSpan.FromSeconds(30),
            $"execution {id} still running",
            interval: TimeSpan.FromMilliseconds(25));

        Assert.Equal("completed", ApiClient.Status(done));
        Assert.Equal(["written 0", "written 1", "written 2"], ApiClient.Messages(done).Where(m => m.StartsWith("written ", StringComparison.Ordinal)));
        DateTime allWritten = TestTasks.WriterTask.LastWrittenAt[id];
        var whileRunning = reads.Where(r => ApiClient.Status(r.Execution) == "running").ToList();
        Assert.Contains(whileRunning, r => r.At > allWritten); // the test looked while the handler held, after it wrote
        Assert.All(whileRunning, r => Assert.DoesNotContain(ApiClient.Messages(r.Execution), m => m.StartsWith("written ", StringComparison.Ordinal)));
        if (historyReadable)
        {
            Assert.Equal(0, await LiveBatchesAsync(id));
        }
    }

    [Fact]
    public async Task LiveLog_LongStage_ShowsEntriesWhileItRunsEachAfterWaitingTheIntervalInFewBatches()
    {
        // Ten entries 200 ms apart, then the handler holds for a minute: everything it writes shows while it runs.
        string id = await Http.StartAsync(TestTasks.Writer, new { entries = 10, everyMs = 200, holdMs = 60_000 });

        (JsonNode first, DateTime firstSeenAt) = await Eventually.UntilAsync(
            async () => (Execution: await Http.GetExecutionAsync(id), SeenAt: DateTime.UtcNow),
            read => ApiClient.Messages(read.Execution).Contains("written 0"),
            Visible,
            "the first entry did not show while the handler ran",
            interval: TimeSpan.FromMilliseconds(25));
        JsonNode all = await Eventually.UntilAsync(
            () => Http.GetExecutionAsync(id),
            e => ApiClient.Messages(e).Contains("written 9"),
            Visible + TimeSpan.FromSeconds(2),
            "the last entry did not show while the handler ran");

        Assert.Equal("running", ApiClient.Status(first));
        Assert.Equal("running", ApiClient.Status(all));
        DateTime firstWritten = Timestamp(all, "written 0"), lastWritten = Timestamp(all, "written 9");

        // Throttled: the entry waited the interval before it was sent, so it cannot have shown sooner.
        Assert.True(firstSeenAt - firstWritten >= LiveLogHost.Interval - Rounding, $"Shown {(firstSeenAt - firstWritten).TotalMilliseconds:F0} ms after it was written.");
        if (historyReadable)
        {
            // Batched: each batch waits the interval from a write made after the previous batch's wait, so the span of
            // the writes bounds the count (one batch per entry would be ten).
            int most = (int)((lastWritten - firstWritten + Rounding) / LiveLogHost.Interval) + 1;
            Assert.InRange(await LiveBatchesAsync(id), 1, most);
        }
    }

    private static DateTime Timestamp(JsonNode execution, string message) =>
        execution["logs"]!.AsArray().First(e => e!["message"]!.GetValue<string>() == message)!["timestamp"]!.GetValue<DateTime>().ToUniversalTime();

    /// <summary>Counts the live log batches the execution received: its history's <c>log</c> events.</summary>
    private async Task<int> LiveBatchesAsync(string executionId)
    {
        string history = await _engine.GetOrchestrationHistoryAsync(executionId, null!).WaitAsync(TimeSpan.FromSeconds(10));
        using var document = JsonDocument.Parse(history);
        JsonElement events = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetProperty("$values") : document.RootElement;
        Assert.Contains(events.EnumerateArray(), e => IsEventType(e, EventType.ExecutionStarted)); // the history was read
        return events.EnumerateArray().Count(e => IsEventType(e, EventType.EventRaised) && e.GetProperty("Name").GetString() == "log");
    }

    private static bool IsEventType(JsonElement historyEvent, EventType expected)
    {
        JsonElement type = historyEvent.GetProperty("EventType");
        return type.ValueKind == JsonValueKind.Number ? (EventType)type.GetInt32() == expected : type.GetString() == expected.ToString();
    }
}
