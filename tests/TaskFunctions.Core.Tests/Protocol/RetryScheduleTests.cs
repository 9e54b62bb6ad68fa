using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Protocol;

public sealed class RetryScheduleTests
{
    [Fact]
    public void DelayBefore_StartsWithTheFirstDelayAndMultipliesByTheBackoff()
    {
        var schedule = new RetrySchedule(MaxAttempts: 5, FirstDelayMs: 100, BackoffCoefficient: 3, MaxDelayMs: 10_000);

        Assert.Equal(TimeSpan.FromMilliseconds(100), schedule.DelayBefore(2));
        Assert.Equal(TimeSpan.FromMilliseconds(300), schedule.DelayBefore(3));
        Assert.Equal(TimeSpan.FromMilliseconds(900), schedule.DelayBefore(4));
        Assert.Equal(TimeSpan.FromMilliseconds(2_700), schedule.DelayBefore(5));
    }

    [Fact]
    public void DelayBefore_IsCappedAtTheMaxDelay()
    {
        var schedule = new RetrySchedule(MaxAttempts: 10, FirstDelayMs: 1_000, BackoffCoefficient: 2, MaxDelayMs: 5_000);

        Assert.Equal(TimeSpan.FromMilliseconds(4_000), schedule.DelayBefore(4));
        Assert.Equal(TimeSpan.FromMilliseconds(5_000), schedule.DelayBefore(5));
        Assert.Equal(TimeSpan.FromMilliseconds(5_000), schedule.DelayBefore(10));
    }

    [Fact]
    public void DelayBefore_ABackoffOfOne_KeepsTheDelay()
    {
        var schedule = new RetrySchedule(MaxAttempts: 4, FirstDelayMs: 250, BackoffCoefficient: 1, MaxDelayMs: 60_000);

        Assert.All([2, 3, 4], attempt => Assert.Equal(TimeSpan.FromMilliseconds(250), schedule.DelayBefore(attempt)));
    }

    [Fact]
    public void DelayBefore_IsWholeMilliseconds()
    {
        var schedule = new RetrySchedule(MaxAttempts: 3, FirstDelayMs: 100, BackoffCoefficient: 1.005, MaxDelayMs: 60_000);

        Assert.Equal(TimeSpan.FromMilliseconds(100), schedule.DelayBefore(3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public void DelayBefore_TheFirstAttemptOrEarlier_IsRejected(int attempt)
    {
        var schedule = new RetrySchedule(MaxAttempts: 3, FirstDelayMs: 500, BackoffCoefficient: 2, MaxDelayMs: 60_000);

        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.DelayBefore(attempt));
    }
}
