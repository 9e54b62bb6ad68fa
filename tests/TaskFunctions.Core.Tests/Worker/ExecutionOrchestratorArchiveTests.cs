using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>An attempt is called once the archive chunks of the log so far are stored, and told how many there are.</summary>
public sealed class ExecutionOrchestratorArchiveTests
{
    [Fact]
    public async Task RunAsync_TheNextAttemptWaitsForTheArchiveAndIsToldItsChunks()
    {
        var fake = new FakeOrchestration();
        var store = new TaskCompletionSource<int>();
        fake.OnArchive = _ => store.Task;
        fake.OnAttempt = request => Task.FromResult(request.Attempt == 1
            ? Requests.Result(AttemptOutcome.Retry, Enumerable.Range(0, 60).Select(i => Requests.Entry($"line {i} {new string('x', 40)}")), retryDelay: TimeSpan.FromMilliseconds(10))
            : Requests.Result(AttemptOutcome.Succeeded));

        Task<ExecutionOutcome> run = fake.RunAsync(Requests.Execution("sync", retry: new RetrySchedule(2, 10, 1, 10)), 1_024);

        Assert.NotEmpty(fake.Archives);
        Assert.Single(fake.AttemptCalls);

        store.SetResult(1);
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        AttemptRequest second = fake.AttemptCalls[1];
        Assert.Equal(fake.Archives.Count, second.ArchiveChunkCount);
        Assert.Equal(fake.Archives.Sum(a => a.Chunk.Entries.Count), second.OmittedLogCount);
    }

    [Fact]
    public async Task RunAsync_AShortLog_IsNotArchivedAndTheAttemptIsToldNoChunk()
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution("sync")).WaitAsync(TimeSpan.FromSeconds(5));

        AttemptRequest first = Assert.Single(fake.AttemptCalls);
        Assert.Equal((0, 0), (first.ArchiveChunkCount, first.OmittedLogCount));
    }
}
