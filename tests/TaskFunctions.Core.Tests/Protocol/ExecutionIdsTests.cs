using TaskFunctions.Protocol;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Protocol;

public sealed class ExecutionIdsTests
{
    private static readonly DateTime Now = new(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc);

    [Fact]
    public void New_IsALowerCaseVersion8Uuid()
    {
        string id = ExecutionIds.New("user-space-sync", Now);

        Assert.True(Guid.TryParseExact(id, "D", out Guid guid));
        Assert.Equal(guid.ToString("D"), id);
        Assert.Equal(8, guid.Version);
        Assert.Equal('8', id[14]);
        Assert.Contains(id[19], "89ab");
        Assert.Equal(id.ToLowerInvariant(), id);
    }

    [Fact]
    public void New_StartsWithTheTaskPrefix()
    {
        string prefix = ExecutionIds.TaskPrefix("feishu-sync");

        Assert.Matches("^[0-9a-f]{8}-$", prefix);
        Assert.StartsWith(prefix, ExecutionIds.New("feishu-sync", Now), StringComparison.Ordinal);
        Assert.StartsWith(prefix, ExecutionIds.New("feishu-sync", Now.AddDays(100)), StringComparison.Ordinal);
    }

    [Fact]
    public void TaskPrefix_IsStableAndDiffersAcrossTheSampleTasks()
    {
        Assert.Equal(ExecutionIds.TaskPrefix(UserSpaceSyncTask.Name), ExecutionIds.TaskPrefix(UserSpaceSyncTask.Name));
        Assert.NotEqual(ExecutionIds.TaskPrefix(UserSpaceSyncTask.Name), ExecutionIds.TaskPrefix(FeishuSyncTask.Name));

        // FNV-1a of the UTF-8 name: a fixed value, so ids stay listable across deployments.
        Assert.Equal("f057b6eb-", ExecutionIds.TaskPrefix(UserSpaceSyncTask.Name));
        Assert.Equal("031ba809-", ExecutionIds.TaskPrefix(FeishuSyncTask.Name));
    }

    [Fact]
    public void New_IsUniqueForTheSameTaskAndTime()
    {
        HashSet<string> ids = [.. Enumerable.Range(0, 1_000).Select(_ => ExecutionIds.New("t", Now))];

        Assert.Equal(1_000, ids.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1_000)]
    [InlineData(86_400_000)]
    public void LaterIds_SortFirst(int laterByMs)
    {
        string earlier = ExecutionIds.New("t", Now);
        string later = ExecutionIds.New("t", Now.AddMilliseconds(laterByMs));

        Assert.True(string.CompareOrdinal(later, earlier) < 0, $"{later} should sort before {earlier}");
    }

    [Fact]
    public void IdsOfIncreasingTimes_SortNewestFirst()
    {
        DateTime[] times = [.. Enumerable.Range(0, 200).Select(i => Now.AddMilliseconds(i * 7L + (i % 3)))];
        string[] ids = [.. times.Select(t => ExecutionIds.New("t", t))];

        string[] sorted = [.. ids.Order(StringComparer.Ordinal)];

        Assert.Equal(ids.Reverse(), sorted);
    }

    [Fact]
    public void TimesBeforeTheEpoch_AreClampedNotRejected()
    {
        string id = ExecutionIds.New("t", new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(8, Guid.Parse(id).Version);
        Assert.StartsWith(ExecutionIds.TaskPrefix("t") + "ffff-8fff-8fff-", id, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("550e8400-e29b-41d4-a716-446655440000", "550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("550E8400-E29B-41D4-A716-446655440000", "550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("{550e8400-e29b-41d4-a716-446655440000}", "550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("550e8400e29b41d4a716446655440000", "550e8400-e29b-41d4-a716-446655440000")]
    public void TryNormalize_AcceptsUsualUuidFormats(string input, string expected)
    {
        Assert.True(ExecutionIds.TryNormalize(input, out string? id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("id1")]
    [InlineData("exec-id-1")]
    [InlineData("550e8400-e29b-41d4-a716-44665544000")]
    [InlineData("550e8400-e29b-41d4-a716-44665544000g")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000-extra")]
    public void TryNormalize_RejectsJunk(string? input)
    {
        Assert.False(ExecutionIds.TryNormalize(input, out string? id));
        Assert.Null(id);
    }

    [Fact]
    public void TryNormalize_RoundTripsNewIds()
    {
        string id = ExecutionIds.New("t", Now);

        Assert.True(ExecutionIds.TryNormalize(id.ToUpperInvariant(), out string? normalized));
        Assert.Equal(id, normalized);
    }

    [Fact]
    public void EnsureDistinctPrefixes_RejectsNamesSharingAPrefix()
    {
        // Two valid names whose FNV-1a hashes collide (found offline).
        Assert.Equal(ExecutionIds.TaskPrefix("task-858585"), ExecutionIds.TaskPrefix("task-1144900"));

        var thrown = Assert.Throws<ArgumentException>(() => ExecutionIds.EnsureDistinctPrefixes(["task-858585", "other", "task-1144900"]));

        Assert.Contains("task-858585", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("task-1144900", thrown.Message, StringComparison.Ordinal);
        ExecutionIds.EnsureDistinctPrefixes(["alpha", "beta", "alpha"]);
    }

    [Fact]
    public void TaskOf_FindsTheTaskFromTheIdsPrefix()
    {
        Assert.Equal("beta", ExecutionIds.TaskOf(ExecutionIds.New("beta", Now), ["alpha", "beta"]));
        Assert.Equal("alpha", ExecutionIds.TaskOf(ExecutionIds.New("alpha", Now), ["alpha", "beta"]));
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("")]
    [InlineData("prefix-only")]
    public void TaskOf_IdOfNoneOfTheTasks_IsNull(string idOf)
    {
        string executionId = idOf switch
        {
            "" => string.Empty,
            "prefix-only" => ExecutionIds.TaskPrefix("alpha"),
            _ => ExecutionIds.New(idOf, Now),
        };

        Assert.Null(ExecutionIds.TaskOf(executionId, ["alpha"]));
    }
}
