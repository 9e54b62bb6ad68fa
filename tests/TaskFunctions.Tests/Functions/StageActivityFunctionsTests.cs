using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Functions;
using TaskFunctions.Logs;
using TaskFunctions.Orchestration;
using TaskFunctions.Samples;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class StageActivityFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();
    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly StageActivityFunctions _functions;
    private bool _terminated;
    private int _reads;

    public StageActivityFunctionsTests()
    {
        _functions = TestHost.Create<StageActivityFunctions>(_services);

        // The running stage watches its execution; it goes on while the execution reads running.
        _client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns((string id, bool _, CancellationToken _) =>
            {
                Interlocked.Increment(ref _reads);
                OrchestrationRuntimeStatus status = Volatile.Read(ref _terminated) ? OrchestrationRuntimeStatus.Terminated : OrchestrationRuntimeStatus.Running;
                return Task.FromResult<OrchestrationMetadata?>(new OrchestrationMetadata(ExecutionOrchestrator.Name, id) { RuntimeStatus = status });
            });
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Handler_stage_runs_the_sample_task_and_returns_its_logs()
    {
        StageResult result = await _functions.RunStageAsync(Stage(UserSpaceSyncTask.Name, ExecutionStage.Handler, """{ "durationMs": 0, "steps": 2 }"""), _client.Object);

        Assert.Null(result.Error);
        Assert.Equal(["用户空间同步: 第 1/2 步完成", "用户空间同步: 第 2/2 步完成"], result.Logs.Select(l => l.Message));
        Assert.All(result.Logs, l => Assert.Equal(TaskLogLevel.Info, l.Level));
        Assert.Equal(2, result.Logs[1].Data!.Value.GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task Failing_handler_is_reported_in_the_result_not_thrown()
    {
        StageResult result = await _functions.RunStageAsync(Stage(FeishuSyncTask.Name, ExecutionStage.Handler, """{ "durationMs": 0, "steps": 3, "fail": true }"""), _client.Object);

        Assert.NotNull(result.Error);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.Error.Type);
        Assert.Equal(ExecutionStage.Handler, result.Error.Stage);
        Assert.Equal(["飞书同步: 第 1/3 步完成"], result.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task After_stage_runs_the_registered_middleware()
    {
        StageResult result = await _functions.RunStageAsync(Stage(UserSpaceSyncTask.Name, ExecutionStage.After, null), _client.Object);

        Assert.Null(result.Error);
        LogEntry entry = Assert.Single(result.Logs);
        Assert.Equal(TaskLogLevel.Debug, entry.Level);
        Assert.StartsWith("执行耗时 ", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_execution_stops_its_running_handler_through_the_bound_client()
    {
        Task<StageResult> run = _functions.RunStageAsync(Stage(UserSpaceSyncTask.Name, ExecutionStage.Handler, """{ "durationMs": 60000, "steps": 1 }"""), _client.Object);
        var waited = Stopwatch.StartNew();
        while (Volatile.Read(ref _reads) == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        // It read running once and went on.
        Assert.False(run.IsCompleted);

        Volatile.Write(ref _terminated, true);
        StageResult result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(result.Error);
        Assert.Equal(typeof(TaskCanceledException).FullName, result.Error.Type);
        _client.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()), Times.AtLeast(2));
    }

    private static StageRequest Stage(string taskName, ExecutionStage stage, string? parameters)
    {
        DateTime now = DateTime.UtcNow;
        var execution = new ExecutionRequest(
            Instances.NewId(taskName),
            taskName,
            TriggerKind.Api,
            parameters is null ? null : JsonDocument.Parse(parameters).RootElement.Clone(),
            now,
            30000,
            new ExecutionPlan(false, true, true));
        return new StageRequest(execution, stage, 1, now.AddMinutes(1), [], 0, new Dictionary<string, JsonElement>(), null);
    }
}
