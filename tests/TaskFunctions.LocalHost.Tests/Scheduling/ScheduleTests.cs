using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Scheduling;

/// <summary>
/// A real minute-level schedule on the local host (in memory): the hosted service starts the latest occurrence when the
/// host starts, then one execution at each next minute, each with trigger <c>schedule</c> and the schedule's params.
/// </summary>
public sealed class ScheduleTests(ScheduleHostFixture host, ITestOutputHelper output) : IClassFixture<ScheduleHostFixture>
{
    [Fact]
    public async Task EveryMinuteSchedule_StartsOneExecutionPerMinuteWithTriggerSchedule()
    {
        DateTimeOffset firstTick = NextMinute(host.StartedAt);

        // The occurrence before the host started (caught up at once), and the first one after it.
        JsonArray executions = await Eventually.UntilAsync(
            () => ListAsync(),
            list => list.Any(e => Started(e!) >= firstTick && Status(e!) != "running"),
            TimeSpan.FromSeconds(100),
            $"an execution of {ScheduleHostFixture.Task} that started at or after {firstTick:O} and finished",
            TimeSpan.FromSeconds(1));

        // One execution per minute, each for its own occurrence: the one the host caught up when it started (unless
        // its start ran into the next minute), then one per minute from the first tick on, none twice.
        Assert.All(executions, e => Assert.Equal("schedule", e!["trigger"]!.GetValue<string>()));
        DateTimeOffset[] minutes = [.. executions.Select(e => Minute(Started(e!))).Order()];
        Assert.Equal(minutes.Length, minutes.Distinct().Count());
        Assert.Contains(firstTick, minutes);
        Assert.InRange(minutes[0], firstTick.AddMinutes(-1), firstTick);
        Assert.Equal(Enumerable.Range(0, minutes.Length).Select(i => minutes[0].AddMinutes(i)), minutes);

        JsonNode ticked = executions.Single(e => Minute(Started(e!)) == firstTick)!;
        output.WriteLine($"host asked to start at {host.StartedAt:O}; executions started at {string.Join(", ", executions.Select(e => $"{Started(e!):O}"))}; the first tick's started {(Started(ticked) - firstTick).TotalMilliseconds:F0} ms after its occurrence");
        JsonNode finished = await host.Http.WaitUntilFinishedAsync(ticked["executionId"]!.GetValue<string>());
        Assert.Equal("completed", ApiClient.Status(finished));
        Assert.Equal("schedule", finished["trigger"]!.GetValue<string>());
        Assert.Contains("written 0", ApiClient.Messages(finished));
    }

    private async Task<JsonArray> ListAsync()
    {
        (HttpResponseMessage response, JsonNode? body) = await host.Http.SendAsync(HttpMethod.Get, $"/tasks/running/{ScheduleHostFixture.Task}?limit=100");
        using (response)
        {
            return response.IsSuccessStatusCode ? body!.AsArray() : [];
        }
    }

    private static DateTimeOffset Started(JsonNode execution) => execution["startedAt"]!.GetValue<DateTimeOffset>();

    private static string Status(JsonNode execution) => execution["status"]!.GetValue<string>();

    private static DateTimeOffset Minute(DateTimeOffset instant) => new(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0, TimeSpan.Zero);

    private static DateTimeOffset NextMinute(DateTimeOffset instant) => Minute(instant.ToUniversalTime()).AddMinutes(1);
}
