using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
    private readonly StageActivityFunctions _functions;

    public StageActivityFunctionsTests()
    {
        _functions = TestHost.Create<StageActivityFunctions>(_services);
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Handler_stage_runs_the_sample_task_and_returns_its_logs()
    {
        StageResult result = await _functions.RunStageAsync(Stage(UserSpaceSyncTask.Name, ExecutionStage.Handler, """{ "durationMs": 0, "steps": 2 }"""));

        Assert.Null(result.Error);
        Assert.Equal(["用户空间同步: 第 1/2 步完成", "用户空间同步: 第 2/2 步完成"], result.Logs.Select(l => l.Message));
        Assert.All(result.Logs, l => Assert.Equal(TaskLogLevel.Info, l.Level));
        Assert.Equal(2, result.Logs[1].Data!.Value.GetProperty("step").GetInt32());
    }

    [Fact]
    public async Task Failing_handler_is_reported_in_the_result_not_thrown()
    {
        StageResult result = await _functions.RunStageAsync(Stage(FeishuSyncTask.Name, ExecutionStage.Handler, """{ "durationMs": 0, "steps": 3, "fail": true }"""));

        Assert.NotNull(result.Error);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.Error.Type);
        Assert.Equal(ExecutionStage.Handler, result.Error.Stage);
        Assert.Equal(["飞书同步: 第 1/3 步完成"], result.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task After_stage_runs_the_registered_middleware()
    {
        StageResult result = await _functions.RunStageAsync(Stage(UserSpaceSyncTask.Name, ExecutionStage.After, null));

        Assert.Null(result.Error);
        LogEntry entry = Assert.Single(result.Logs);
        Assert.Equal(TaskLogLevel.Debug, entry.Level);
        Assert.StartsWith("执行耗时 ", entry.Message, StringComparison.Ordinal);
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
