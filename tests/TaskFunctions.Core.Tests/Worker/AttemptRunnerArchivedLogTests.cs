using Microsoft.DurableTask.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>The context of an attempt holds the whole log: the archived entries of a long log are read before the stages run.</summary>
public sealed class AttemptRunnerArchivedLogTests
{
    [Fact]
    public async Task RunAsync_ArchivedEntries_AreInTheContextBeforeTheTail()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t");
        host.ReadInstance = id => Task.FromResult(Chunk(execution.ExecutionId, id, ["a", "b"], ["c"]));
        string[]? seen = null;
        int omitted = -1;
        host.Script.Handler = (c, _) =>
        {
            seen = [.. c.Logs.Select(e => e.Message)];
            omitted = c.Logs.OmittedCount;
            c.Logs.Info("new");
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Request(execution));

        Assert.Equal(["a", "b", "c", "tail"], seen!);
        Assert.Equal(0, omitted);
        Assert.Equal(["new", LogMessages.Succeeded], result.Logs.Select(e => e.Message));
    }

    [Fact]
    public async Task RunAsync_AChunkMissing_LeavesTheOlderEntriesOutAndSaysHowMany()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t");
        host.ReadInstance = id => Task.FromResult(Chunk(execution.ExecutionId, id, ["a", "b"], null));
        string[]? seen = null;
        int omitted = -1;
        host.Script.Handler = (c, _) =>
        {
            seen = [.. c.Logs.Select(e => e.Message)];
            omitted = c.Logs.OmittedCount;
            return Task.CompletedTask;
        };

        AttemptResult result = await host.RunAsync(Request(execution));

        Assert.Equal(AttemptOutcome.Succeeded, result.Outcome);
        Assert.Equal(["tail"], seen!);
        Assert.Equal(3, omitted);
    }

    [Fact]
    public async Task RunAsync_NothingArchived_ReadsNoChunk()
    {
        await using RunnerHost host = Build();
        ExecutionRequest execution = host.Execution("t");

        await host.RunAsync(Requests.Attempt(execution, logs: [Requests.Entry("only")]));

        Assert.Equal(0, host.ReadsOf(InstanceIds.LogChunk(execution.ExecutionId, 0)));
    }

    private static AttemptRequest Request(ExecutionRequest execution) =>
        Requests.Attempt(execution, logs: [Requests.Entry("tail")], omittedLogCount: 3) with { ArchiveChunkCount = 2 };

    private static OrchestrationMetadata? Chunk(string executionId, string instanceId, string[] first, string[]? second)
    {
        string[]? entries = instanceId == InstanceIds.LogChunk(executionId, 0) ? first
            : instanceId == InstanceIds.LogChunk(executionId, 1) ? second
            : null;
        if (entries is null)
        {
            return instanceId == executionId ? RunnerHost.Instance(instanceId, OrchestrationRuntimeStatus.Running) : null;
        }

        int index = instanceId == InstanceIds.LogChunk(executionId, 0) ? 0 : 1;
        return InstanceStore.Instance(
            ProtocolNames.LogArchiveOrchestrator,
            instanceId,
            new LogArchiveChunk(executionId, index, [.. entries.Select(m => Requests.Entry(m))]),
            OrchestrationRuntimeStatus.Completed);
    }

    private static RunnerHost Build() => new(b => b.AddTask<ScriptedHandler>("t"));
}
