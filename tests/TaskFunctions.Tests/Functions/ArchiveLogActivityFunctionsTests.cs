using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Functions;
using TaskFunctions.Protocol;

namespace TaskFunctions.Tests.Functions;

public sealed class ArchiveLogActivityFunctionsTests
{
    [Fact]
    public async Task Archive_StoresTheInputChunkAsItsArchiveInstanceOnItsClient()
    {
        var client = new Mock<DurableTaskClient>("test");
        var store = new InstanceStore(client);
        var chunk = new LogArchiveChunk(Requests.Execution("feishu-sync").ExecutionId, 2, [Requests.Entry("a"), Requests.Entry("b")]);

        int stored = await ArchiveLogActivityFunctions.ArchiveAsync(chunk, client.Object);

        Assert.Equal(2, stored);
        InstanceStore.Start start = Assert.Single(store.Created);
        Assert.Equal(ProtocolNames.LogArchiveOrchestrator, start.Name);
        Assert.Equal(InstanceIds.LogChunk(chunk.ExecutionId, 2), start.InstanceId);
        Assert.Same(chunk, start.Input);
    }
}
