using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// Starts executions: one orchestration instance each, instance id = execution id. With an idempotency key the
/// start is safe to repeat (a claim instance, <see cref="InstanceIds.KeyClaim"/>); for a task with a concurrency limit the execution
/// first takes a slot (a slot instance, <see cref="InstanceIds.Slot"/>). Both rest on the engine creating an instance id once.
/// </summary>
internal sealed partial class ExecutionStarter
{
    private static readonly OrchestrationRuntimeStatus[] Never = [.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses];

    private readonly DurableTaskClient _client;
    private readonly MiddlewarePipeline _pipeline;
    private readonly TimeProvider _clock;
    private readonly TaskExecutionClientOptions _options;

    /// <summary>Initializes a new instance of the <see cref="ExecutionStarter"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <param name="pipeline">The middleware pipeline, which decides each execution's plan.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="options">The client's timings.</param>
    public ExecutionStarter(DurableTaskClient client, MiddlewarePipeline pipeline, TimeProvider clock, TaskExecutionClientOptions options)
    {
        _client = client;
        _pipeline = pipeline;
        _clock = clock;
        _options = options;
    }

    /// <summary>Schedules an execution and returns at once, before the task runs.</summary>
    /// <param name="task">The task.</param>
    /// <param name="start">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new execution, the existing one for a repeated key, a conflict, or params that do not fit the task (checked before anything is read or written).</returns>
    /// <remarks>
    /// With a key, the claim is read first and written last: a start refused at the concurrency limit writes
    /// nothing, so a later repeat starts afresh; a start that wins the slot and then loses the key to a concurrent
    /// repeat gives its slot back and answers with the winner's execution.
    /// </remarks>
    public async Task<StartResult> StartAsync(TaskDefinition task, StartRequest start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(start);
        if (start.Timeout > task.Timeout)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start.Timeout, $"The timeout may only shorten the task's own ({task.Timeout}).");
        }

        if (ParamsValidation.Check(task, start.Params) is { } problem)
        {
            return StartResult.Invalid(problem);
        }

        DateTime now = Now();
        var request = new ExecutionRequest(
            ExecutionIds.New(task.Name, now), task.Name, start.Trigger, start.Params, now, Milliseconds(start.Timeout ?? task.Timeout), Plan(task.Name), Schedule(task.Retry))
        {
            ReplayOf = start.ReplayOf,
        };
        string? claimId = start.IdempotencyKey is { } key ? InstanceIds.KeyClaim(task.Name, key) : null;
        if (claimId is not null && await ReadClaimAsync(claimId, cancellationToken).ConfigureAwait(false) is { } claimed)
        {
            return await RepeatAsync(claimed, cancellationToken).ConfigureAwait(false);
        }

        if (task.ConcurrencyLimit is int limit)
        {
            // A task that queues has a slot for each execution that runs or waits: the queue decides which runs.
            int slots = limit + (task.Queue?.Capacity ?? 0);
            int? slot = await TakeSlotAsync(task, request, slots, cancellationToken).ConfigureAwait(false);
            if (slot is null)
            {
                // A concurrent first start with the same key may hold the slot: then this is its repeat.
                if (claimId is not null && await ReadClaimAsync(claimId, cancellationToken).ConfigureAwait(false) is { } winner)
                {
                    return await RepeatAsync(winner, cancellationToken).ConfigureAwait(false);
                }

                return task.Queue is null
                    ? StartResult.Conflict(await SlotHoldersAsync(task.Name, slots, cancellationToken).ConfigureAwait(false))
                    : await QueueFullAsync(task.Name, slots, cancellationToken).ConfigureAwait(false);
            }

            if (task.Queue is not null)
            {
                await OpenQueueAsync(task, limit, cancellationToken).ConfigureAwait(false);
            }

            request = request with { SlotIndex = slot, QueueLimit = task.Queue is null ? null : limit };
        }

        if (claimId is not null)
        {
            ExecutionRequest claim = await ClaimKeyAsync(claimId, request, cancellationToken).ConfigureAwait(false);
            if (claim.ExecutionId != request.ExecutionId)
            {
                await ReleaseSlotAsync(request, cancellationToken).ConfigureAwait(false);
                return await RepeatAsync(claim, cancellationToken).ConfigureAwait(false);
            }
        }

        // A new execution id is unique (time and 48 random bits): it is created as the raw engine creates any
        // instance. Only an execution claimed by a key can be created twice, by concurrent repeats.
        await CreateAsync(ProtocolNames.ExecutionOrchestrator, request.ExecutionId, request, claimId is null ? null : Never, cancellationToken).ConfigureAwait(false);
        Telemetry.ExecutionTelemetry.ExecutionStarted(request.TaskName, request.Trigger);
        if (request.QueueLimit is int queueLimit)
        {
            // The queue hears of the execution in the order the starts were answered; the execution tells it again.
            await _client.RaiseEventAsync(InstanceIds.Queue(task.Name), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Join, request.ExecutionId, queueLimit), cancellationToken).ConfigureAwait(false);
        }

        return StartResult.Accepted(Accepted(request));
    }

    /// <summary>
    /// Answers a repeated key with the execution it started. If that execution does not exist, its start was
    /// interrupted between the claim and the create (the claim holds its slot, if any): it is created now, its
    /// timeout counted from now.
    /// </summary>
    private async Task<StartResult> RepeatAsync(ExecutionRequest claimed, CancellationToken cancellationToken)
    {
        if (await _client.GetInstanceAsync(claimed.ExecutionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is not { } existing)
        {
            ExecutionRequest restarted = claimed with { StartedAt = Now() };
            await CreateAsync(ProtocolNames.ExecutionOrchestrator, restarted.ExecutionId, restarted, Never, cancellationToken).ConfigureAwait(false);
            existing = await _client.GetInstanceAsync(claimed.ExecutionId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        }

        ExecutionRequest actual = existing?.ReadInputAs<ExecutionRequest>() ?? claimed;
        ExecutionStatus status = existing is null ? ExecutionStatus.Running : ExecutionStatuses.From(existing.RuntimeStatus, existing.ReadCustomStatusAs<ExecutionSnapshot>());
        return StartResult.Existing(Accepted(actual, status));
    }

    private async Task<ExecutionRequest?> ReadClaimAsync(string claimId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? claim = await _client.GetInstanceAsync(claimId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        return claim?.ReadInputAs<ExecutionRequest>();
    }

    private async Task<ExecutionRequest> ClaimKeyAsync(string claimId, ExecutionRequest request, CancellationToken cancellationToken)
    {
        await CreateAsync(ProtocolNames.KeyClaimOrchestrator, claimId, request, Never, cancellationToken).ConfigureAwait(false);

        // Whoever created the claim first, every caller reads the same one.
        return await ReadClaimAsync(claimId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The idempotency claim {claimId} could not be read back.");
    }

    /// <summary>
    /// Creates an instance unless one with the id is in a refused status. A refusal is not an error: callers read
    /// the instance back to learn who created it (some providers refuse a concurrent create without telling).
    /// </summary>
    private async Task CreateAsync(string orchestrator, string instanceId, object input, OrchestrationRuntimeStatus[]? refuseIfIn, CancellationToken cancellationToken)
    {
        var options = new StartOrchestrationOptions(instanceId);
        try
        {
            await _client.ScheduleNewOrchestrationInstanceAsync(
                orchestrator,
                input,
                refuseIfIn is null ? options : options.WithDedupeStatuses(refuseIfIn),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Someone else created it first.
        }
    }

    /// <summary>The time a start is stamped with: whole milliseconds, as the API shows it, so that what a client reads is what counts.</summary>
    private DateTime Now()
    {
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    /// <summary>Which stages of a task have middleware: fixed at start, so that a replay never sees another plan.</summary>
    private ExecutionPlan Plan(string taskName) => new(
        _pipeline.Runs(ExecutionStage.Before, taskName),
        _pipeline.Runs(ExecutionStage.After, taskName),
        _pipeline.Runs(ExecutionStage.Error, taskName));

    private static int Milliseconds(TimeSpan timeout) => (int)timeout.TotalMilliseconds;

    private static RetrySchedule? Schedule(TaskRetryPolicy? policy) => policy is null
        ? null
        : new RetrySchedule(policy.MaxAttempts, Milliseconds(policy.FirstDelay), policy.BackoffCoefficient, Milliseconds(policy.MaxDelay));

    private static ExecutionAccepted Accepted(ExecutionRequest request, ExecutionStatus status = ExecutionStatus.Running) =>
        new(request.ExecutionId, request.TaskName, request.Trigger, status, request.StartedAt);
}
