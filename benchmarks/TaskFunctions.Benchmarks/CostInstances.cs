using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Benchmarks;

/// <summary>What one instance's latest execution recorded in its history.</summary>
internal sealed record HistoryCounts(int Events, int Episodes, int Activities, int Timers, int EventsSent, int EventsRaised);

/// <summary>One instance a run created: its role, final runtime status, and history (null if the client could not read it).</summary>
internal sealed record CreatedInstance(string Id, string Role, OrchestrationRuntimeStatus Status, DateTimeOffset LastUpdatedAt, HistoryCounts? History);

/// <summary>
/// Reads, through the host's <see cref="DurableTaskClient"/>, what a finished run left in the task hub: every
/// instance created since its start (a created-time query, so that an instance of any id shows up), each one's
/// final status, and its history.
/// </summary>
internal sealed class CostInstances(DurableTaskClient client, IOrchestrationServiceClient? engine)
{
    private readonly SortedSet<string> _sources = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _notes = new(StringComparer.Ordinal);
    private bool _sdkUsable = true;
    private bool _engineUsable = true;

    /// <summary>Gets how history was read, and what could not read it.</summary>
    public string HistoryNote =>
        (_sources.Count > 0 ? $"History read with {string.Join(" and ", _sources)}." : "History could not be read.") +
        (_notes.Count > 0 ? $" ({string.Join("; ", _notes)})" : string.Empty);

    public static string Role(string id, string executionId) =>
        id == executionId ? "execution"
        : id.StartsWith(InstanceIds.SlotPrefix, StringComparison.Ordinal) ? "slot"
        : id.StartsWith(InstanceIds.KeyClaimPrefix, StringComparison.Ordinal) ? "claim"
        : id.StartsWith(InstanceIds.LogChunkPrefix, StringComparison.Ordinal) ? "log chunk"
        : "other";

    /// <summary>Waits (reading every 10 ms, not timed) until the run's helper instances have finished too.</summary>
    public async Task WaitForHelpersAsync(CostStart run)
    {
        var giveUp = System.Diagnostics.Stopwatch.StartNew();
        foreach (string id in run.HelperIds)
        {
            while (await client.GetInstanceAsync(id, getInputsAndOutputs: false) is not { } helper || !CompletionWatcher.IsFinished(helper.RuntimeStatus))
            {
                if (giveUp.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"Helper {id} of {run.ExecutionId} did not finish within 2 minutes");
                }

                await Task.Delay(10);
            }
        }
    }

    /// <summary>
    /// The instances created at or after <paramref name="startedAt"/>, execution first. A helper id the engine
    /// re-created without a new creation time would be missed by the query; such a helper, updated since the
    /// start, is added from a read by id.
    /// </summary>
    public async Task<List<CreatedInstance>> ReadAsync(CostStart run, DateTimeOffset startedAt)
    {
        List<OrchestrationMetadata> found = [];
        await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = startedAt.AddMilliseconds(-1) }))
        {
            found.Add(instance);
        }

        foreach (string id in run.HelperIds.Where(id => found.All(f => f.InstanceId != id)))
        {
            if (await client.GetInstanceAsync(id, getInputsAndOutputs: false) is { } helper && helper.LastUpdatedAt >= startedAt)
            {
                found.Add(helper);
            }
        }

        List<CreatedInstance> created = [];
        foreach (OrchestrationMetadata instance in found.OrderBy(f => f.InstanceId == run.ExecutionId ? 0 : 1).ThenBy(f => f.CreatedAt))
        {
            string role = Role(instance.InstanceId, run.ExecutionId) + (instance.CreatedAt < startedAt ? " (kept its old creation time)" : string.Empty);
            created.Add(new CreatedInstance(instance.InstanceId, role, instance.RuntimeStatus, instance.LastUpdatedAt, await HistoryAsync(instance.InstanceId)));
        }

        return created;
    }

    /// <summary>
    /// The latest execution's events (from its last ExecutionStarted, with the OrchestratorStarted before it):
    /// through <see cref="DurableTaskClient.GetOrchestrationHistoryAsync"/> if that answers, else through the
    /// engine's own client, which the sidecar answers every <see cref="DurableTaskClient"/> call with.
    /// </summary>
    private async Task<HistoryCounts?> HistoryAsync(string id)
    {
        List<EventType>? events = null;
        if (_sdkUsable)
        {
            try
            {
                events = [.. (await client.GetOrchestrationHistoryAsync(id)).Select(e => e.EventType)];
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _notes.Add($"DurableTaskClient.GetOrchestrationHistoryAsync failed: {e.GetType().Name}: {e.Message}");
            }

            if (events is not { Count: > 0 })
            {
                _notes.Add("DurableTaskClient.GetOrchestrationHistoryAsync answered no events for a finished instance: the sidecar (TaskHubGrpcServer of InProcessTestHost 0.2.3-preview.1) streams only the snapshots of episodes it is dispatching");
                _sdkUsable = false;
                events = null;
            }
            else
            {
                _sources.Add("DurableTaskClient.GetOrchestrationHistoryAsync");
            }
        }

        if (events is null && engine is not null && _engineUsable)
        {
            try
            {
                events = ParseEventTypes(await engine.GetOrchestrationHistoryAsync(id, null));
                _sources.Add($"the engine's client ({engine.GetType().Name}.GetOrchestrationHistoryAsync, which the sidecar answers DurableTaskClient with)");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _notes.Add($"{engine.GetType().Name}.GetOrchestrationHistoryAsync failed: {e.GetType().Name}: {e.Message}");
                _engineUsable = false;
            }
        }

        if (events is null)
        {
            return null;
        }

        int start = Math.Max(0, events.FindLastIndex(e => e == EventType.ExecutionStarted));
        if (start > 0 && events[start - 1] == EventType.OrchestratorStarted)
        {
            start--;
        }

        List<EventType> latest = events[start..];
        int Count(EventType type) => latest.Count(e => e == type);
        return new HistoryCounts(
            latest.Count, Count(EventType.OrchestratorStarted), Count(EventType.TaskScheduled), Count(EventType.TimerCreated), Count(EventType.EventSent), Count(EventType.EventRaised));
    }

    /// <summary>The event types of a history serialized as JSON (each event has an <c>EventType</c>, a number or a name).</summary>
    private static List<EventType> ParseEventTypes(string json)
    {
        using var document = JsonDocument.Parse(json);
        JsonElement array = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetProperty("$values") : document.RootElement;
        return [.. array.EnumerateArray().Select(e => e.GetProperty("EventType") is { ValueKind: JsonValueKind.Number } number
            ? (EventType)number.GetInt32()
            : Enum.Parse<EventType>(e.GetProperty("EventType").GetString()!))];
    }
}
