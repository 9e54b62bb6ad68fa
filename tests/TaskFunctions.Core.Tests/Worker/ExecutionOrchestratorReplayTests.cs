using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Worker;

/// <summary>A replay's log names the execution it runs again, right after the start entry.</summary>
public sealed class ExecutionOrchestratorReplayTests
{
    private const string Original = "550e8400-e29b-41d4-a716-446655440000";

    [Fact]
    public async Task Log_OfAReplay_NamesTheOriginalAfterTheStartEntry_InTheMessageAndTheData()
    {
        var fake = new FakeOrchestration();
        ExecutionRequest replay = Requests.Execution() with { Trigger = TriggerKind.Replay, ReplayOf = Original };

        await fake.RunAsync(replay);

        IReadOnlyList<LogEntry> log = fake.LastStatus.Logs;
        Assert.Equal([LogMessages.Started(30_000), $"重新运行执行 {Original}", LogMessages.Succeeded], log.Select(e => e.Message));
        Assert.Equal(TaskLogLevel.Info, log[1].Level);
        Assert.Equal(Original, log[1].Data!.Value.GetProperty("replayOf").GetString());
        Assert.Equal([LogMessages.Started(30_000), $"重新运行执行 {Original}"], fake.Statuses[0].Logs.Select(e => e.Message));
    }

    [Fact]
    public async Task Log_OfAnExecutionThatIsNoReplay_HasNoSuchEntry()
    {
        var fake = new FakeOrchestration();

        await fake.RunAsync(Requests.Execution());

        Assert.Equal([LogMessages.Started(30_000), LogMessages.Succeeded], fake.LastStatus.Logs.Select(e => e.Message));
    }
}
