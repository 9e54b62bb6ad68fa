using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// The durable client a replay is started through: it writes the replayed execution's id into the
/// <see cref="ExecutionRequest"/> the starter schedules (the execution's input, and the key claim's when the replay
/// has an idempotency key), so that the worker names the original in the log and readers show it. Only a request
/// with trigger <see cref="TriggerKind.Replay"/> that names no original yet is marked: a repeated key's claimed
/// execution keeps what it was started with. Everything else passes through unchanged.
/// </summary>
internal sealed class ReplayMarkingClient : DurableTaskClient
{
    private readonly DurableTaskClient _inner;
    private readonly string _replayOf;

    public ReplayMarkingClient(DurableTaskClient inner, string replayOf)
        : base(inner.Name)
    {
        _inner = inner;
        _replayOf = replayOf;
    }

    public override DurableEntityClient Entities => _inner.Entities;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        _inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, Mark(input), options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        _inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        _inner.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        _inner.GetAllInstancesAsync(filter);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        _inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        _inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _inner.PurgeAllInstancesAsync(filter, options, cancellation);

    /// <summary>The facade owns the inner client: nothing to dispose here.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private object? Mark(object? input) =>
        input is ExecutionRequest { Trigger: TriggerKind.Replay, ReplayOf: null } request ? request with { ReplayOf = _replayOf } : input;
}
