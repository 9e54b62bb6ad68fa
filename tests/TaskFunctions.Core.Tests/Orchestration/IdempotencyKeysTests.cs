using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.Orchestration;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void InstanceId_IsStablePerTaskAndKey()
    {
        Assert.Equal(IdempotencyKeys.InstanceId("sync", "order-42"), IdempotencyKeys.InstanceId("sync", "order-42"));
    }

    [Fact]
    public void InstanceId_DiffersAcrossTasksAndKeys()
    {
        string[] ids =
        [
            IdempotencyKeys.InstanceId("sync", "order-42"),
            IdempotencyKeys.InstanceId("other", "order-42"),
            IdempotencyKeys.InstanceId("sync", "order-43"),
            IdempotencyKeys.InstanceId("sync", "ORDER-42"),
            IdempotencyKeys.InstanceId("sync", "order-42 "),
        ];

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("k")]
    [InlineData("a key with spaces, slashes / and :colons:")]
    [InlineData("幂等键")]
    public void InstanceId_HasTheKeyPrefixAndAFixedShapeWhateverTheKey(string key)
    {
        string id = IdempotencyKeys.InstanceId("sync", key);

        Assert.StartsWith("key:", id, StringComparison.Ordinal);
        Assert.StartsWith(IdempotencyKeys.InstanceIdPrefix + "sync:", id, StringComparison.Ordinal);
        string hash = id[(IdempotencyKeys.InstanceIdPrefix + "sync:").Length..];
        Assert.Equal(64, hash.Length);
        Assert.All(hash, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
    }

    [Fact]
    public void InstanceId_ALongKey_StaysShort()
    {
        string id = IdempotencyKeys.InstanceId("sync", new string('k', IdempotencyKeys.MaxKeyLength));

        Assert.True(id.Length < 100, id);
    }

    [Fact]
    public async Task RunAsync_ReturnsTheClaimedExecutionId()
    {
        ExecutionRequest claim = Requests.Execution("sync");

        Assert.Equal(claim.ExecutionId, await IdempotencyKeys.RunAsync(new Mock<TaskOrchestrationContext>().Object, claim));
    }
}
