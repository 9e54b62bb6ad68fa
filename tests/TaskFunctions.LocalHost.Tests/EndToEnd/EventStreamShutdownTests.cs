using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// A host that stops ends the event streams it serves (their clients reconnect elsewhere with their Last-Event-ID), so
/// that an open stream does not hold up its stop until the shutdown timeout (30 s, beyond the fixture's 20 s bound).
/// </summary>
public sealed class EventStreamShutdownTests
{
    [Fact]
    public async Task Events_HostStops_EndsTheOpenStreamsAndStopsWithoutWaitingForThem()
    {
        var host = new InMemoryHostFixture();
        await host.InitializeAsync();
        EventStreamClient[] streams = [];
        try
        {
            string id = await host.Http.StartAsync(TestTasks.Probe, new { sleepMs = 120_000 });
            streams = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => EventStreamClient.OpenAsync(host.Http, id)));
            Assert.All(await Task.WhenAll(streams.Select(s => s.ReadAsync(TimeSpan.FromSeconds(30)))), e => Assert.Equal("execution", e!.Type));
            Task<List<ServerSentEvent>>[] rest = [.. streams.Select(s => s.ReadToEndAsync(TimeSpan.FromSeconds(60)))];

            await host.DisposeAsync(); // throws if the host does not stop within 20 s

            List<ServerSentEvent>[] after = await Task.WhenAll(rest);
            Assert.All(after, events => Assert.DoesNotContain(events, e => e.Type == "status"));
        }
        finally
        {
            foreach (EventStreamClient stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }
}
