using TaskFunctions.Catalog;

namespace TaskFunctions.Core.Tests.Catalog;

public sealed class TaskRetryPolicyTests
{
    private static readonly TimeSpan HalfSecond = TimeSpan.FromMilliseconds(500);

    [Fact]
    public void Constructor_KeepsTheValues()
    {
        var policy = new TaskRetryPolicy(4, TimeSpan.FromMilliseconds(250), 1.5, TimeSpan.FromSeconds(3));

        Assert.Equal(4, policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(250), policy.FirstDelay);
        Assert.Equal(1.5, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(3), policy.MaxDelay);
    }

    [Fact]
    public void Defaults_AreABackoffOfTwoAndAOneMinuteCap()
    {
        var policy = new TaskRetryPolicy(maxAttempts: 3, firstDelay: HalfSecond);

        Assert.Equal(2, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromMinutes(1), policy.MaxDelay);
    }

    [Theory]
    [InlineData(1, 0, 1.0, 0)]
    [InlineData(3, 500, 2.0, 60_000)]
    [InlineData(10, 1_000, 1.5, 1_000)]
    [InlineData(2, 0, 1.0, int.MaxValue)]
    public void Constructor_AcceptsAValidPolicy(int maxAttempts, int firstDelayMs, double backoff, int maxDelayMs)
    {
        var policy = new TaskRetryPolicy(maxAttempts, TimeSpan.FromMilliseconds(firstDelayMs), backoff, TimeSpan.FromMilliseconds(maxDelayMs));

        Assert.Equal(maxAttempts, policy.MaxAttempts);
    }

    [Theory]
    [InlineData(0, 500, 2.0, 60_000, "maxAttempts")]
    [InlineData(-1, 500, 2.0, 60_000, "maxAttempts")]
    [InlineData(3, -1, 2.0, 60_000, "firstDelay")]
    [InlineData(3, 500, 0.5, 60_000, "backoffCoefficient")]
    [InlineData(3, 500, double.NaN, 60_000, "backoffCoefficient")]
    [InlineData(3, 500, double.PositiveInfinity, 60_000, "backoffCoefficient")]
    [InlineData(3, 500, 2.0, 499, "maxDelay")]
    public void Constructor_RejectsOutOfRangeValues(int maxAttempts, int firstDelayMs, double backoff, int maxDelayMs, string parameter)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(
            () => new TaskRetryPolicy(maxAttempts, TimeSpan.FromMilliseconds(firstDelayMs), backoff, TimeSpan.FromMilliseconds(maxDelayMs)));

        Assert.Equal(parameter, thrown.ParamName);
    }

    [Fact]
    public void Constructor_RejectsADelayLongerThanMillisecondsCanCount()
    {
        TimeSpan tooLong = TaskRetryPolicy.MaxAllowedDelay + TimeSpan.FromMilliseconds(1);

        Assert.Equal("firstDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new TaskRetryPolicy(2, tooLong, 1, tooLong)).ParamName);
        Assert.Equal("maxDelay", Assert.Throws<ArgumentOutOfRangeException>(() => new TaskRetryPolicy(2, HalfSecond, 1, tooLong)).ParamName);
    }
}
