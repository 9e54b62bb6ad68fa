using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Testing;

/// <summary>Builds the records the orchestrator and activities exchange.</summary>
public static class Requests
{
    public static readonly DateTime Start = InstanceStore.CreatedAt;

    public static readonly ExecutionPlan NoMiddleware = new(false, false, false);

    public static ExecutionRequest Execution(
        string taskName = "test-task",
        ExecutionPlan? plan = null,
        int timeoutMs = 30_000,
        JsonElement? parameters = null,
        DateTime? startedAt = null,
        RetrySchedule? retry = null,
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

    public static AttemptRequest Attempt(
        ExecutionRequest execution,
        int attempt = 1,
        IReadOnlyList<LogEntry>? logs = null,
        IReadOnlyDictionary<string, JsonElement>? items = null,
        int omittedLogCount = 0) =>
        new(execution, attempt, logs ?? [], omittedLogCount, items ?? new Dictionary<string, JsonElement>());

    public static AttemptResult Result(
        AttemptOutcome outcome,
        IEnumerable<LogEntry>? logs = null,
        IReadOnlyDictionary<string, JsonElement>? items = null,
        TaskError? error = null,
        TimeSpan? retryDelay = null,
        string runId = "run-1",
        bool handlerAbandoned = false) =>
        new(outcome, runId, [.. logs ?? []], items ?? new Dictionary<string, JsonElement>(), error, retryDelay, handlerAbandoned);

    public static AttemptResult Succeeded(params string[] messages) =>
        Result(AttemptOutcome.Succeeded, [.. messages.Select(m => Entry(m)), Entry(LogMessages.Succeeded)]);

    /// <summary>Builds the context an attempt's user code sees (as the attempt activity builds it), in a given stage.</summary>
    public static TaskContext Context(
        ExecutionRequest execution,
        ExecutionStage stage = ExecutionStage.Handler,
        int attempt = 1,
        IReadOnlyList<LogEntry>? logs = null,
        IReadOnlyDictionary<string, JsonElement>? items = null,
        int omittedLogCount = 0,
        TimeProvider? clock = null)
    {
        AttemptRequest request = Attempt(execution, attempt, logs, items, omittedLogCount);
        TaskContext context = new AttemptRun(request, request.Logs, request.OmittedLogCount, clock ?? new TestClock(Start)).Context;
        context.Stage = stage;
        return context;
    }

    public static TaskErrorContext ErrorContext(ExecutionRequest execution, TaskError error, IReadOnlyList<LogEntry>? logs = null, int omittedLogCount = 0) =>
        new(Context(execution, error.Stage, error.Attempt, logs, omittedLogCount: omittedLogCount), error);

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
