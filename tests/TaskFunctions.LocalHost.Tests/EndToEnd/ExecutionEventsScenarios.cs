using System.Net;
using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using TaskFunctions.Protocol;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// The events route read with HttpClient against a running local host: entries arrive while the task writes them, the
/// final status closes the stream, a reconnect with Last-Event-ID gets exactly the rest, and unknown ids are 404. Each
/// backend runs them through a subclass. The hosts read a watched execution every second (the default).
/// </summary>
public abstract class ExecutionEventsScenarios(LocalHostFixture host, ITestOutputHelper output) : HostScenarios(host)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_RunningExecution_StreamEachEntryWhileTheTaskWritesThenTheFinalStatusAndClose()
    {
        string id = await Http.StartAsync("user-space-sync", new { durationMs = 6000, steps = 4 });

        await using EventStreamClient stream = await EventStreamClient.OpenAsync(Http, id);
        List<ServerSentEvent> events = await stream.ReadToEndAsync(StreamTimeout);

        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        ServerSentEvent first = events[0];
        Assert.Equal("execution", first.Type);
        Assert.Equal("2000", first.Retry);
        Assert.Equal("running", ApiClient.Status(first.Json));
        Assert.Equal(id, first.Json["executionId"]!.GetValue<string>());
        ServerSentEvent last = events[^1];
        Assert.Equal("status", last.Type);
        Assert.Equal("completed", last.Json["status"]!.GetValue<string>());
        Assert.NotNull(last.Json["finishedAt"]);
        Assert.Null(last.Id);
        Assert.All(events[1..^1], e => Assert.Equal("log", e.Type));

        // Exactly the log the status route serves, each entry once, in order, each log event's id its seq.
        JsonNode done = await Http.GetExecutionAsync(id);
        AssertWholeLog(done, [.. Entries(first.Json), .. events[1..^1].Select(e => e.Json)]);
        Assert.All(events[1..^1], e => Assert.Equal(e.Json["seq"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), e.Id));

        // Live: the first step's entry arrived before the last step was even written.
        ServerSentEvent step1 = events.Single(e => e.Type == "log" && Message(e.Json).EndsWith("第 1/4 步完成", StringComparison.Ordinal));
        DateTime step4Written = Timestamp(Entries(done).Single(e => Message(e).EndsWith("第 4/4 步完成", StringComparison.Ordinal)));
        Assert.True(step1.ReceivedAt < step4Written, $"step 1 arrived at {step1.ReceivedAt:O}, step 4 was written at {step4Written:O}");
    }

    [Fact]
    public async Task Events_ReconnectWithLastEventId_GetsExactlyTheRest()
    {
        string id = await Http.StartAsync("user-space-sync", new { durationMs = 4000, steps = 4 });
        List<JsonNode> received = [];
        string lastId;
        await using (EventStreamClient stream = await EventStreamClient.OpenAsync(Http, id))
        {
            ServerSentEvent first = (await stream.ReadAsync(StreamTimeout))!;
            received.AddRange(Entries(first.Json));
            lastId = first.Id!;
            while (!received.Any(e => Message(e).EndsWith("第 1/4 步完成", StringComparison.Ordinal)))
            {
                ServerSentEvent next = (await stream.ReadAsync(StreamTimeout))!;
                Assert.Equal("log", next.Type);
                received.Add(next.Json);
                lastId = next.Id!;
            }
        }

        // The client went away after step 1; it comes back with the id of the last event it got.
        await using EventStreamClient again = await EventStreamClient.OpenAsync(Http, id, lastEventId: lastId);
        List<ServerSentEvent> rest = await again.ReadToEndAsync(StreamTimeout);

        Assert.Equal("execution", rest[0].Type);
        Assert.All(Entries(rest[0].Json), e => Assert.True(e["seq"]!.GetValue<int>() > int.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("status", rest[^1].Type);
        received.AddRange(Entries(rest[0].Json));
        received.AddRange(rest[1..^1].Select(e => e.Json));
        JsonNode done = await Http.GetExecutionAsync(id);
        AssertWholeLog(done, received);

        // After the end, a client that cannot set headers names its last event in the query: it gets the rest at once.
        await using EventStreamClient late = await EventStreamClient.OpenAsync(Http, id, query: $"?lastEventId={lastId}");
        ServerSentEvent only = Assert.Single(await late.ReadToEndAsync(StreamTimeout));
        Assert.Equal("completed", ApiClient.Status(only.Json));
        Assert.Equal(done["logCount"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture), only.Id);
        Assert.Equal(
            Entries(done).Where(e => e["seq"]!.GetValue<int>() > int.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)).Select(e => e.ToJsonString()),
            Entries(only.Json).Select(e => e.ToJsonString()));
    }

    [Fact]
    public async Task Events_SeveralClientsWatchingOneExecution_EachGetTheSameEvents()
    {
        string id = await Http.StartAsync("user-space-sync", new { durationMs = 2000, steps = 4 });

        EventStreamClient[] streams = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => EventStreamClient.OpenAsync(Http, id)));
        try
        {
            List<ServerSentEvent>[] all = await Task.WhenAll(streams.Select(s => s.ReadToEndAsync(StreamTimeout)));

            JsonNode done = await Http.GetExecutionAsync(id);
            Assert.All(all, events =>
            {
                Assert.Equal("status", events[^1].Type);
                AssertWholeLog(done, [.. Entries(events[0].Json), .. events[1..^1].Select(e => e.Json)]);
            });
        }
        finally
        {
            foreach (EventStreamClient stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    public async Task Events_AnIdThatIsNoExecution_Is404ProblemInsteadOfAStream(string executionId)
    {
        await using EventStreamClient stream = await EventStreamClient.OpenAsync(Http, executionId);

        Assert.Equal(HttpStatusCode.NotFound, stream.Response.StatusCode);
        Assert.Equal("application/problem+json", stream.Response.Content.Headers.ContentType?.MediaType);
        JsonNode problem = JsonNode.Parse(stream.Answer!)!;
        Assert.Contains(executionId, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_UnknownExecutionOfAKnownTask_Is404()
    {
        string unknown = ExecutionIds.New("user-space-sync", DateTime.UtcNow);

        await using EventStreamClient stream = await EventStreamClient.OpenAsync(Http, unknown);

        Assert.Equal(HttpStatusCode.NotFound, stream.Response.StatusCode);
    }

    /// <summary>
    /// Measures, not asserts, how long an entry takes from being written (its timestamp) to arriving as an event:
    /// the worker's live-log interval, the orchestration's episode that stores it, and the host's read interval.
    /// </summary>
    [Fact]
    public async Task Events_LatencyFromEntryWrittenToEventReceived_IsMeasured()
    {
        const int entries = 20;
        string id = await Http.StartAsync(TestTasks.Writer, new { entries, everyMs = 300 });

        await using EventStreamClient stream = await EventStreamClient.OpenAsync(Http, id);
        List<ServerSentEvent> events = await stream.ReadToEndAsync(StreamTimeout);

        List<(string Message, double Ms)> latencies =
        [
            .. events.Where(e => e.Type == "log" && Message(e.Json).StartsWith("written ", StringComparison.Ordinal))
                .Select(e => (Message(e.Json), (e.ReceivedAt - Timestamp(e.Json)).TotalMilliseconds)),
        ];
        List<string> inFirstEvent = [.. Entries(events[0].Json).Select(Message).Where(m => m.StartsWith("written ", StringComparison.Ordinal))];
        Assert.Equal(
            Enumerable.Range(0, entries).Select(i => $"written {i}"),
            [.. inFirstEvent, .. latencies.Select(l => l.Message)]);
        double[] sorted = [.. latencies.Select(l => l.Ms).Order()];
        output.WriteLine(
            $"SSE latency, entry written -> event received ({GetType().Name}, {sorted.Length} entries, one every 300 ms, read interval 1 s): "
            + $"median {Percentile(sorted, 0.5):F0} ms, p90 {Percentile(sorted, 0.9):F0} ms, min {sorted[0]:F0} ms, max {sorted[^1]:F0} ms");
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private static void AssertWholeLog(JsonNode execution, IReadOnlyList<JsonNode> received)
    {
        int count = execution["logCount"]!.GetValue<int>();
        Assert.Equal(Enumerable.Range(1, count), received.Select(e => e["seq"]!.GetValue<int>()));
        Assert.Equal(Entries(execution).Select(e => e.ToJsonString()), received.Select(e => e.ToJsonString()));
    }

    private static List<JsonNode> Entries(JsonNode execution) => [.. execution["logs"]!.AsArray().Select(e => e!)];

    private static string Message(JsonNode entry) => entry["message"]!.GetValue<string>();

    private static DateTime Timestamp(JsonNode entry) => entry["timestamp"]!.GetValue<DateTime>().ToUniversalTime();
}
