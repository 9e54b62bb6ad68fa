using TaskFunctions.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Core.Tests.Client;

public sealed class PurgeQueryTests
{
    private static readonly DateTime Before = new(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc);

    [Fact]
    public void Statuses_NoneOrEmpty_AreEveryFinishedStatus()
    {
        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Cancelled], new PurgeQuery(Before).Statuses);
        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Cancelled], new PurgeQuery(Before, []).Statuses);
    }

    [Fact]
    public void Statuses_SomeWithRepeats_AreEachOnceInOrder()
    {
        var query = new PurgeQuery(Before, [ExecutionStatus.Cancelled, ExecutionStatus.Completed, ExecutionStatus.Cancelled]);

        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.Cancelled], query.Statuses);
    }

    [Fact]
    public void Statuses_Running_IsRefused()
    {
        var refused = Assert.Throws<ArgumentException>(() => new PurgeQuery(Before, [ExecutionStatus.Completed, ExecutionStatus.Running]));

        Assert.Contains("never purged", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statuses_AValueThatIsNoStatus_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new PurgeQuery(Before, [(ExecutionStatus)42]));
    }

    [Fact]
    public void Before_UtcOrUnspecified_IsTheSameInstantAsUtc()
    {
        Assert.Equal(Before, new PurgeQuery(Before).Before);
        DateTime unspecified = new PurgeQuery(DateTime.SpecifyKind(Before, DateTimeKind.Unspecified)).Before;
        Assert.Equal(Before, unspecified);
        Assert.Equal(DateTimeKind.Utc, unspecified.Kind);
    }

    [Fact]
    public void Before_Local_IsConvertedToUtc()
    {
        DateTime local = Before.ToLocalTime();

        DateTime before = new PurgeQuery(local).Before;

        Assert.Equal(Before, before);
        Assert.Equal(DateTimeKind.Utc, before.Kind);
    }

    [Fact]
    public void OlderThan_IsEveryFinishedExecutionOlderThanTheAge()
    {
        var query = PurgeQuery.OlderThan(TimeSpan.FromDays(7), new TestClock(Before));

        Assert.Equal(Before.AddDays(-7), query.Before);
        Assert.Equal(PurgeQuery.FinishedStatuses, query.Statuses);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void OlderThan_AnAgeNotAboveZero_IsRefused(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PurgeQuery.OlderThan(TimeSpan.FromSeconds(seconds), new TestClock(Before)));
    }
}
