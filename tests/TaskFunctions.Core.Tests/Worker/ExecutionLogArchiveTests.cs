using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class ExecutionLogArchiveTests
{
    private const string ExecutionId = "550e8400-e29b-41d4-a716-446655440000";

    private readonly Mock<DurableTaskClient> _client = new("test");

    [Fact]
    public void ChunkInstanceId_IsPrefixedNumberedAndSortable()
    {
        Assert.Equal("log:550e8400-e29b-41d4-a716-446655440000:00000", InstanceIds.LogChunk(ExecutionId, 0));
        Assert.Equal("log:550e8400-e29b-41d4-a716-446655440000:00042", InstanceIds.LogChunk(ExecutionId, 42));
        Assert.True(string.CompareOrdinal(InstanceIds.LogChunk(ExecutionId, 9), InstanceIds.LogChunk(ExecutionId, 10)) < 0);
        Assert.StartsWith(InstanceIds.LogChunkPrefix, InstanceIds.LogChunk(ExecutionId, 1), StringComparison.Ordinal);
        Assert.False(Guid.TryParse(InstanceIds.LogChunk(ExecutionId, 1), out _));
    }

    [Fact]
    public async Task StoreAsync_StartsTheArchiveInstanceWithTheChunkAsInput()
    {
        var chunk = new LogArchiveChunk(ExecutionId, 3, [Requests.Entry("a"), Requests.Entry("b")]);
        object? input = null;
        StartOrchestrationOptions? options = null;
        _client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(ProtocolNames.LogArchiveOrchestrator, It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((_, i, o, _) =>
            {
                input = i;
                options = o;
            })
            .ReturnsAsync(InstanceIds.LogChunk(ExecutionId, 3));

        int count = await ExecutionLogArchive.StoreAsync(_client.Object, chunk, CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Same(chunk, input);
        Assert.Equal(InstanceIds.LogChunk(ExecutionId, 3), options!.InstanceId);
    }

    [Fact]
    public async Task StoreAsync_WhenAnEarlierAttemptStoredTheChunk_Succeeds()
    {
        var chunk = new LogArchiveChunk(ExecutionId, 0, [Requests.Entry("a")]);
        _client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OrchestrationAlreadyExistsException("exists"));

        Assert.Equal(1, await ExecutionLogArchive.StoreAsync(_client.Object, chunk, CancellationToken.None));
    }

    [Fact]
    public async Task StoreAsync_OtherFailuresPropagate()
    {
        var chunk = new LogArchiveChunk(ExecutionId, 0, [Requests.Entry("a")]);
        _client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("storage down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => ExecutionLogArchive.StoreAsync(_client.Object, chunk, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_ReturnsTheChunksEntryCount()
    {
        var chunk = new LogArchiveChunk(ExecutionId, 0, [Requests.Entry("a"), Requests.Entry("b"), Requests.Entry("c")]);

        Assert.Equal(3, await ExecutionLogArchive.RunAsync(new Mock<TaskOrchestrationContext>().Object, chunk));
    }
}
