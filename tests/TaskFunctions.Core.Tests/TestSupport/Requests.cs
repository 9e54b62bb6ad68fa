using System.Text.Json;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>Builds the records the orchestrator and activities exchange.</summary>
internal static class Requests
{
    public static readonly DateTime Start = InstanceStore.CreatedAt;

    public static readonly ExecutionPlan NoMiddleware = new(false, false, false);

    public static ExecutionRequest Execution(
        string taskName = "test-task",
        ExecutionPlan? plan = null,
        int timeoutMs = 30_000,
        JsonElement? parameters = null,
        DateTime? startedAt = null,
        TaskRetryPolicy? retry = null,
        int? slotIndex = null)
    {
        DateTime started = startedAt ?? Start;
        return new ExecutionRequest(
            ExecutionIds.New(taskName, started),
            taskName,
            TriggerKind.Manual,
            parameters,
            started,
            timeoutMs,
            plan ?? NoMiddleware,
            retry,
            slotIndex);
    }

    public static StageRequest Stage(
        ExecutionRequest execution,
        ExecutionStage stage,
        DateTime deadline,
        IReadOnlyList<LogEntry>? logs = null,
        IReadOnlyDictionary<string, JsonElement>? items = null,
        TaskError? error = null,
        int attempt = 1,
        int omittedLogCount = 0) =>
        new(execution, stage, attempt, deadline, logs ?? [], omittedLogCount, items ?? new Dictionary<string, JsonElement>(), error);

    public static StageResult Result(
        IEnumerable<LogEntry>? logs = null,
        IReadOnlyDictionary<string, JsonElement>? items = null,
        TaskError? error = null,
        bool deadlineReached = false) =>
        new([.. logs ?? []], items ?? new Dictionary<string, JsonElement>(), error, deadlineReached);

    public static LogEntry Entry(string message, TaskLogLevel level = TaskLogLevel.Info, DateTime? at = null) =>
        new(at ?? Start, level, message);

    public static Dictionary<string, JsonElement> Items(params (string Key, object? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => JsonSerializer.SerializeToElement(v.Value), StringComparer.Ordinal);

    public static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
