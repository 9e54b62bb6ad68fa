using System.Text.Json;
using TaskFunctions.Catalog;

namespace TaskFunctions.Core.Tests.Catalog;

/// <summary>A schedule checks itself when it is made, and finds its occurrences in its time zone, daylight saving time included.</summary>
public sealed class TaskScheduleTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void Constructor_Defaults_AreUtcAndNoParams()
    {
        var schedule = new TaskSchedule("nightly", " 0 2 * * * ");

        Assert.Equal("nightly", schedule.Name);
        Assert.Equal("0 2 * * *", schedule.Cron);
        Assert.Equal(TimeZoneInfo.Utc, schedule.TimeZone);
        Assert.Null(schedule.Params);
        Assert.Equal("nightly: 0 2 * * * (UTC)", schedule.ToString());
    }

    [Fact]
    public void Constructor_ByIanaId_FindsTheZoneAndKeepsTheParams()
    {
        var schedule = new TaskSchedule("nightly", "0 2 * * *", "Asia/Shanghai", Requests.Json("""{"steps":2}"""));

        Assert.Equal("Asia/Shanghai", schedule.TimeZone.Id);
        Assert.Equal(2, schedule.Params!.Value.GetProperty("steps").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Nightly")]
    [InlineData("night ly")]
    [InlineData("-nightly")]
    public void Constructor_InvalidName_IsRefusedNamingIt(string name)
    {
        var refused = Assert.Throws<ArgumentException>(() => new TaskSchedule(name, "0 2 * * *"));

        Assert.Equal("name", refused.ParamName);
        Assert.Contains($"'{name}' is not a valid schedule name", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("every day")]
    [InlineData("61 * * * *")]
    [InlineData("* * * *")]
    [InlineData("0 0 0 * * * *")]
    public void Constructor_InvalidCron_IsRefusedQuotingIt(string cron)
    {
        var refused = Assert.Throws<ArgumentException>(() => new TaskSchedule("nightly", cron));

        Assert.Equal("cron", refused.ParamName);
        Assert.Contains($"'{cron}' is not a cron expression", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CronThatNeverOccurs_IsRefused()
    {
        var refused = Assert.Throws<ArgumentException>(() => new TaskSchedule("never", "0 0 31 4 *"));

        Assert.Contains("never occurs", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData(" ")]
    public void Constructor_UnknownTimeZone_IsRefusedNamingIt(string zone)
    {
        var refused = Assert.Throws<ArgumentException>(() => new TaskSchedule("nightly", "0 2 * * *", zone));

        Assert.Equal("timeZoneId", refused.ParamName);
        Assert.Contains("Asia/Shanghai", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("3")]
    public void Constructor_ParamsNotAnObject_AreRefused(string json)
    {
        var refused = Assert.Throws<ArgumentException>(() => new TaskSchedule("nightly", "0 2 * * *", timeZone: null, Requests.Json(json)));

        Assert.Equal("parameters", refused.ParamName);
    }

    [Fact]
    public void Constructor_Params_AreCopiedFromTheirDocument()
    {
        TaskSchedule schedule;
        using (JsonDocument document = JsonDocument.Parse("""{"note":"kept"}"""))
        {
            schedule = new TaskSchedule("nightly", "0 2 * * *", timeZone: null, document.RootElement);
        }

        Assert.Equal("kept", schedule.Params!.Value.GetProperty("note").GetString());
    }

    [Fact]
    public void Occurrences_SixFields_CountSeconds()
    {
        var schedule = new TaskSchedule("fast", "*/10 * * * * *");

        Assert.Equal(At("2025-11-25T11:05:10Z"), schedule.NextOccurrenceAfter(At("2025-11-25T11:05:00Z")));
    }

    [Fact]
    public void Occurrences_InATimeZone_AreThatZonesWallClock()
    {
        var schedule = new TaskSchedule("nightly", "0 2 * * *", "Asia/Shanghai");

        // 02:00 in Shanghai (UTC+8) is 18:00 UTC the day before.
        Assert.Equal(At("2025-11-25T18:00:00Z"), schedule.NextOccurrenceAfter(At("2025-11-25T11:05:00Z")));
        Assert.Equal(At("2025-11-24T18:00:00Z"), schedule.LatestOccurrenceAtOrBefore(At("2025-11-25T11:05:00Z")));
        Assert.Equal(At("2025-11-25T18:00:00Z"), schedule.LatestOccurrenceAtOrBefore(At("2025-11-25T18:00:00Z")));
    }

    [Fact]
    public void Occurrences_InTheHourSpringForwardSkips_HappenWhenTheClockJumps()
    {
        var schedule = new TaskSchedule("nightly", "30 2 * * *", NewYork);

        // 2025-03-09: New York's clocks jump from 02:00 EST to 03:00 EDT; 02:30 does not exist that night.
        DateTimeOffset? occurrence = schedule.NextOccurrenceAfter(At("2025-03-09T05:00:00Z"));

        Assert.Equal(At("2025-03-09T07:00:00Z"), occurrence);
        Assert.Equal(TimeSpan.FromHours(-4), occurrence!.Value.Offset);
        Assert.Equal(At("2025-03-10T06:30:00Z"), schedule.NextOccurrenceAfter(occurrence.Value));

        // Looking back gives the same instant (not the second before the jump), and the day before until then.
        Assert.Equal(At("2025-03-08T07:30:00Z"), schedule.LatestOccurrenceAtOrBefore(At("2025-03-09T06:59:59Z")));
        Assert.Equal(At("2025-03-09T07:00:00Z"), schedule.LatestOccurrenceAtOrBefore(At("2025-03-09T07:00:00Z")));
        Assert.Equal(At("2025-03-09T07:00:00Z"), schedule.LatestOccurrenceAtOrBefore(At("2025-03-10T05:00:00Z")));
    }

    [Fact]
    public void Occurrences_InTheHourFallBackRepeats_HappenOnceForAFixedTime()
    {
        var schedule = new TaskSchedule("nightly", "30 1 * * *", NewYork);

        // 2025-11-02: 01:00-02:00 happens twice in New York (EDT, then EST); the fixed time fires in the first only.
        DateTimeOffset first = schedule.NextOccurrenceAfter(At("2025-11-02T04:00:00Z"))!.Value;
        DateTimeOffset next = schedule.NextOccurrenceAfter(first)!.Value;

        Assert.Equal(At("2025-11-02T05:30:00Z"), first);
        Assert.Equal(At("2025-11-03T06:30:00Z"), next);
        Assert.Equal(first, schedule.LatestOccurrenceAtOrBefore(At("2025-11-02T06:45:00Z")));
    }

    [Fact]
    public void Occurrences_InTheHourFallBackRepeats_HappenTwiceForAnInterval()
    {
        var schedule = new TaskSchedule("half-hourly", "*/30 * * * *", NewYork);

        DateTimeOffset first = schedule.NextOccurrenceAfter(At("2025-11-02T05:15:00Z"))!.Value;
        DateTimeOffset second = schedule.NextOccurrenceAfter(first)!.Value;
        DateTimeOffset third = schedule.NextOccurrenceAfter(second)!.Value;

        // 01:30 EDT, 01:00 EST, 01:30 EST: each a different instant.
        Assert.Equal([At("2025-11-02T05:30:00Z"), At("2025-11-02T06:00:00Z"), At("2025-11-02T06:30:00Z")], [first, second, third]);
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
}
