using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void InstanceId_IsStablePerTaskAndKey()
    {
        Assert.Equal(InstanceIds.KeyClaim("sync", "order-42"), InstanceIds.KeyClaim("sync", "order-42"));
    }

    [Fact]
    public void InstanceId_DiffersAcrossTasksAndKeys()
    {
        string[] ids =
        [
            InstanceIds.KeyClaim("sync", "order-42"),
            InstanceIds.KeyClaim("other", "order-42"),
            InstanceIds.KeyClaim("sync", "order-43"),
            InstanceIds.KeyClaim("sync", "ORDER-42"),
            InstanceIds.KeyClaim("sync", "order-42 "),
        ];

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("k")]
    [InlineData("a key with spaces, slashes / and :colons:")]
    [InlineData("幂等键")]
    public void InstanceId_HasTheKeyPrefixAndAFixedShapeWhateverTheKey(string key)
    {
        string id = InstanceIds.KeyClaim("sync", key);

        Assert.StartsWith("key:", id, StringComparison.Ordinal);
        Assert.StartsWith(InstanceIds.KeyClaimPrefix + "sync:", id, StringComparison.Ordinal);
        string hash = id[(InstanceIds.KeyClaimPrefix + "sync:").Length..];
        Assert.Equal(64, hash.Length);
        Assert.All(hash, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
    }

    [Fact]
    public void InstanceId_ALongKey_StaysShort()
    {
        string id = InstanceIds.KeyClaim("sync", new string('k', 10_000));

        Assert.True(id.Length < 100, id);
    }

    [Fact]
    public async Task RunAsync_ReturnsTheClaimedExecutionId()
    {
        ExecutionRequest claim = Requests.Execution("sync");

        Assert.Equal(claim.ExecutionId, await IdempotencyKeys.RunAsync(new Mock<TaskOrchestrationContext>().Object, claim));
    }
}
