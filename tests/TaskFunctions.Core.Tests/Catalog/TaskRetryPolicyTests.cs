using TaskFunctions.Catalog;

namespace TaskFunctions.Core.Tests.Catalog;

public sealed class TaskRetryPolicyTests
{
    [Fact]
    public void DelayBefore_StartsWithTheFirstDelayAndMultipliesByTheBackoff()
    {
        var policy = new TaskRetryPolicy(MaxAttempts: 5, FirstDelayMs: 100, BackoffCoefficient: 3, MaxDelayMs: 10_000);

        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.DelayBefore(2));
        Assert.Equal(TimeSpan.FromMilliseconds(300), policy.DelayBefore(3));
        Assert.Equal(TimeSpan.FromMilliseconds(900), policy.DelayBefore(4));
        Assert.Equal(TimeSpan.FromMilliseconds(2_700), policy.DelayBefore(5));
    }

    [Fact]
    public void DelayBefore_IsCappedAtTheMaxDelay()
    {
        var policy = new TaskRetryPolicy(MaxAttempts: 10, FirstDelayMs: 1_000, BackoffCoefficient: 2, MaxDelayMs: 5_000);

        Assert.Equal(TimeSpan.FromMilliseconds(4_000), policy.DelayBefore(4));
        Assert.Equal(TimeSpan.FromMilliseconds(5_000), policy.DelayBefore(5));
        Assert.Equal(TimeSpan.FromMilliseconds(5_000), policy.DelayBefore(10));
    }

    [Fact]
    public void DelayBefore_ABackoffOfOne_KeepsTheDelay()
    {
        var policy = new TaskRetryPolicy(MaxAttempts: 4, FirstDelayMs: 250, BackoffCoefficient: 1);

        Assert.All([2, 3, 4], attempt => Assert.Equal(TimeSpan.FromMilliseconds(250), policy.DelayBefore(attempt)));
    }

    [Fact]
    public void Defaults_AreABackoffOfTwoAndAOneMinuteCap()
    {
        var policy = new TaskRetryPolicy(MaxAttempts: 3, FirstDelayMs: 500);

        Assert.Equal(2, policy.BackoffCoefficient);
        Assert.Equal(60_000, policy.MaxDelayMs);
        Assert.Equal(TimeSpan.FromMilliseconds(1_000), policy.DelayBefore(3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public void DelayBefore_TheFirstAttemptOrEarlier_IsRejected(int attempt)
    {
        var policy = new TaskRetryPolicy(MaxAttempts: 3, FirstDelayMs: 500);

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.DelayBefore(attempt));
    }

    [Fact]
    public void TotalDelay_SumsTheWaitBeforeEachRetry()
    {
        var policy = new TaskRetryPolicy(MaxAttempts: 4, FirstDelayMs: 100, BackoffCoefficient: 3, MaxDelayMs: 500);

        // 100 + 300 + 500 (capped from 900).
        Assert.Equal(TimeSpan.FromMilliseconds(900), policy.TotalDelay());
    }

    [Fact]
    public void TotalDelay_OfASingleAttempt_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, new TaskRetryPolicy(MaxAttempts: 1, FirstDelayMs: 5_000).TotalDelay());
    }

    [Theory]
    [InlineData(1, 0, 1.0, 0)]
    [InlineData(3, 500, 2.0, 60_000)]
    [InlineData(10, 1_000, 1.5, 1_000)]
    public void Validate_AcceptsAValidPolicy(int maxAttempts, int firstDelayMs, double backoff, int maxDelayMs)
    {
        new TaskRetryPolicy(maxAttempts, firstDelayMs, backoff, maxDelayMs).Validate();
    }

    [Theory]
    [InlineData(0, 500, 2.0, 60_000)]
    [InlineData(-1, 500, 2.0, 60_000)]
    [InlineData(3, -1, 2.0, 60_000)]
    [InlineData(3, 500, 0.5, 60_000)]
    [InlineData(3, 500, 2.0, 499)]
    public void Validate_RejectsOutOfRangeValues(int maxAttempts, int firstDelayMs, double backoff, int maxDelayMs)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new TaskRetryPolicy(maxAttempts, firstDelayMs, backoff, maxDelayMs).Validate());

        Assert.Contains("MaxAttempts >= 1", thrown.Message, StringComparison.Ordinal);
    }
}
