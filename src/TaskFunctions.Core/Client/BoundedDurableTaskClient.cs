using System.Net.Sockets;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace TaskFunctions.Client;

/// <summary>
/// The durable client the facade works through: each storage call it makes is bounded by
/// <see cref="TaskExecutionClientOptions.StoreCallTimeout"/>, and a call that runs out of time or fails in the
/// transport (storage unreachable, frozen, or failing) throws <see cref="TaskStoreUnavailableException"/> instead of
/// hanging or surfacing as a server error. Everything else passes through unchanged.
/// </summary>
internal sealed class BoundedDurableTaskClient : DurableTaskClient
{
    private static readonly StatusCode[] TransportFailures =
        [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Unknown, StatusCode.Internal, StatusCode.ResourceExhausted, StatusCode.Aborted];

    private readonly DurableTaskClient _inner;
    private readonly TimeSpan _timeout;

    public BoundedDurableTaskClient(DurableTaskClient inner, TimeSpan timeout)
        : base(inner.Name)
    {
        _inner = inner;
        _timeout = timeout;
    }

    public override DurableEntityClient Entities => _inner.Entities;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        BoundAsync(token => _inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, token), cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        BoundAsync(async token => { await _inner.RaiseEventAsync(instanceId, eventName, eventPayload, token).ConfigureAwait(false); return true; }, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        BoundAsync(async token => { await _inner.TerminateInstanceAsync(instanceId, options, token).ConfigureAwait(false); return true; }, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        BoundAsync(token => _inner.GetInstanceAsync(instanceId, getInputsAndOutputs, token), cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create((string? continuation, int? pageSize, CancellationToken cancellation) =>
            BoundAsync(token => FirstPageAsync(_inner.GetAllInstancesAsync(filter), continuation, pageSize, token), cancellation));

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        _inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        _inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        BoundAsync(token => _inner.PurgeInstanceAsync(instanceId, options, token), cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _inner.PurgeAllInstancesAsync(filter, options, cancellation);

    /// <summary>The host owns the inner client: nothing to dispose here.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Tells whether a failure is the storage's (or the way to it), not the request's.</summary>
    internal static bool IsTransportFailure(Exception exception) => exception switch
    {
        RpcException rpc => TransportFailures.Contains(rpc.StatusCode),
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    private static async Task<Page<OrchestrationMetadata>> FirstPageAsync(
        AsyncPageable<OrchestrationMetadata> pages, string? continuation, int? pageSize, CancellationToken cancellation)
    {
        await foreach (Page<OrchestrationMetadata> page in pages.AsPages(continuation, pageSize).WithCancellation(cancellation).ConfigureAwait(false))
        {
            return page;
        }

        return new Page<OrchestrationMetadata>([], null);
    }

    private async Task<T> BoundAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellation)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bounded.CancelAfter(_timeout);
        try
        {
            // WaitAsync: a call that ignores its token (a frozen connection) still ends at the bound.
            return await call(bounded.Token).WaitAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TaskStoreUnavailableException($"The task store did not answer within {_timeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (IsTransportFailure(ex))
        {
            throw new TaskStoreUnavailableException($"The task store failed: {ex.Message}", ex);
        }
    }
}
