using System.Text.Json;
using TaskFunctions.Execution;

namespace TaskFunctions.Client;

/// <summary>A request to start an execution.</summary>
/// <param name="Trigger">How the execution is started.</param>
/// <param name="Params">The <c>params</c> object, if any.</param>
/// <param name="TimeoutMs">A shorter timeout than the task's, if asked for.</param>
/// <param name="IdempotencyKey">The client's key that makes the start safe to repeat, if any.</param>
public sealed record StartRequest(TriggerKind Trigger, JsonElement? Params = null, int? TimeoutMs = null, string? IdempotencyKey = null);
