using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Tests.Support;

/// <summary>Builds orchestration instances as the durable client returns them.</summary>
internal static class Instances
{
    public static readonly DateTime StartedAt = InstanceStore.CreatedAt;

    public static string NewId(string taskName) => ExecutionIds.New(taskName, StartedAt);

    public static ExecutionRequest Request(string executionId, string taskName, TriggerKind trigger = TriggerKind.Manual) =>
        new(executionId, taskName, trigger, null, StartedAt, 30000, new ExecutionPlan(false, true, true));

    public static OrchestrationMetadata Execution(
        string executionId,
        string taskName,
        OrchestrationRuntimeStatus runtimeStatus,
        ExecutionSnapshot? snapshot = null,
        DateTimeOffset? lastUpdatedAt = null) =>
        new(ProtocolNames.ExecutionOrchestrator, executionId)
        {
            RuntimeStatus = runtimeStatus,
            CreatedAt = StartedAt,
            LastUpdatedAt = lastUpdatedAt ?? StartedAt.AddSeconds(5),
            SerializedInput = JsonDataConverter.Default.Serialize(Request(executionId, taskName)),
            SerializedCustomStatus = snapshot is null ? null : JsonDataConverter.Default.Serialize(snapshot),
            DataConverter = JsonDataConverter.Default,
        };

    public static ExecutionSnapshot Snapshot(ExecutionStatus status, DateTime? finishedAt, params string[] messages) =>
        new(status, finishedAt, [.. messages.Select((m, i) => new LogEntry(StartedAt.AddSeconds(i), TaskLogLevel.Info, m))], 0, 0);

    public static AsyncPageable<OrchestrationMetadata> OnePage(params OrchestrationMetadata[] instances) =>
        Pageable.Create((string? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>(instances, null)));

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
