using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;
using DurableTaskOptions = Microsoft.DurableTask.TaskOptions;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>
/// A mocked <see cref="TaskOrchestrationContext"/> that records what the orchestrator does: attempt activity
/// calls, custom status, log archive activity calls, timers, event waiters and sent events, in one ordered event
/// list. Live log waiters stay pending until a test delivers a batch; archive calls complete at once unless a
/// test holds them (<see cref="OnArchive"/>).
/// </summary>
internal sealed class FakeOrchestration
{
    public FakeOrchestration(DateTime? start = null)
    {
        Now = start ?? Requests.Start;
        Context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Context
            .Setup(c => c.CallActivityAsync<AttemptResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<DurableTaskOptions?>()))
            .Returns<TaskName, object?, DurableTaskOptions?>((name, input, _) =>
            {
                ActivityNames.Add(name.Name);
                var request = (AttemptRequest)input!;
                AttemptCalls.Add(request);
                Events.Add($"attempt:{request.Attempt}");
                return OnAttempt(request);
            });
        Context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>((fireAt, token) =>
            {
                var timer = new TimerCall(fireAt, token);
                Timers.Add(timer);
                Events.Add($"timer:{(fireAt - Now).TotalMilliseconds}");
                return FireAsync(OnTimer(timer), fireAt);
            });
        Context
            .Setup(c => c.WaitForExternalEvent<string>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((name, _) =>
            {
                Events.Add($"wait:{name}");
                return new TaskCompletionSource<string>().Task;
            });
        Context
            .Setup(c => c.WaitForExternalEvent<LiveLogBatch>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((name, token) =>
            {
                List<TaskCompletionSource<LiveLogBatch>> waiters = WaitersFor(name);
                if (waiters.Any(w => !w.Task.IsCompleted))
                {
                    OverlappingWaiters++;
                }

                var waiter = new TaskCompletionSource<LiveLogBatch>();
                token.Register(() => waiter.TrySetCanceled(token));
                waiters.Add(waiter);
                Events.Add($"wait:{name}");
                return waiter.Task;
            });
        Context
            .Setup(c => c.WaitForExternalEvent<QueueTurn>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((name, _) =>
            {
                var waiter = new TaskCompletionSource<QueueTurn>();
                TurnWaiters.Add(waiter);
                Events.Add($"wait:{name}");
                return waiter.Task;
            });
        Context
            .Setup(c => c.SendEvent(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object>()))
            .Callback<string, string, object>((instanceId, name, payload) =>
            {
                SentEvents.Add(new SentEvent(instanceId, name, payload));
                Events.Add($"send:{name}");
            });
        Context
            .Setup(c => c.SetCustomStatus(It.IsAny<object?>()))
            .Callback<object?>(status =>
            {
                var snapshot = (ExecutionSnapshot)status!;
                Statuses.Add(snapshot);
                Events.Add($"status:{snapshot.Status}");
            });
        Context
            .Setup(c => c.CallActivityAsync<int>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<DurableTaskOptions?>()))
            .Returns<TaskName, object?, DurableTaskOptions?>((name, input, _) =>
            {
                var chunk = (LogArchiveChunk)input!;
                Archives.Add(new ArchiveCall(name.Name, chunk));
                Events.Add($"archive:{chunk.Index}");
                return OnArchive(chunk);
            });
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new();

    public DateTime Now { get; set; }

    /// <summary>Gets or sets what an attempt activity returns; by default it succeeds at once with no entries.</summary>
    public Func<AttemptRequest, Task<AttemptResult>> OnAttempt { get; set; } = _ => Task.FromResult(Requests.Succeeded());

    /// <summary>Gets or sets what a timer returns; by default it has fired already.</summary>
    public Func<TimerCall, Task> OnTimer { get; set; } = _ => Task.CompletedTask;

    /// <summary>Gets or sets what an archive activity returns; by default it stored the chunk at once.</summary>
    public Func<LogArchiveChunk, Task<int>> OnArchive { get; set; } = chunk => Task.FromResult(chunk.Entries.Count);

    public List<TimerCall> Timers { get; } = [];

    /// <summary>Gets every live log waiter created, in order.</summary>
    public List<TaskCompletionSource<LiveLogBatch>> Waiters => WaitersFor(ProtocolNames.LiveLogEvent);

    /// <summary>Gets every waiter for late entries created, in order.</summary>
    public List<TaskCompletionSource<LiveLogBatch>> LateWaiters => WaitersFor(ProtocolNames.LateLogEvent);

    /// <summary>Gets how many times a waiter was created while an earlier one of the same event was still pending.</summary>
    public int OverlappingWaiters { get; private set; }

    public List<SentEvent> SentEvents { get; } = [];

    /// <summary>Gets the waits for a turn from the task's queue, in order.</summary>
    public List<TaskCompletionSource<QueueTurn>> TurnWaiters { get; } = [];

    public List<string> ActivityNames { get; } = [];

    public List<AttemptRequest> AttemptCalls { get; } = [];

    public List<ExecutionSnapshot> Statuses { get; } = [];

    public List<ArchiveCall> Archives { get; } = [];

    public List<string> Events { get; } = [];

    public ExecutionSnapshot LastStatus => Statuses[^1];

    /// <summary>Gets every entry the execution recorded: the archived chunks in order, then the final custom status.</summary>
    public IReadOnlyList<LogEntry> FullLog => [.. Archives.OrderBy(a => a.Chunk.Index).SelectMany(a => a.Chunk.Entries), .. LastStatus.Logs];

    private Dictionary<string, List<TaskCompletionSource<LiveLogBatch>>> WaitersByEvent { get; } = new(StringComparer.Ordinal);

    public Task<ExecutionOutcome> RunAsync(ExecutionRequest request) => ExecutionOrchestrator.RunAsync(Context.Object, request);

    public Task<ExecutionOutcome> RunAsync(ExecutionRequest request, int logBudgetChars) =>
        ExecutionOrchestrator.RunAsync(Context.Object, request, logBudgetChars);

    /// <summary>Raises a live log batch: completes the waiter the orchestrator has pending.</summary>
    public void DeliverLogs(LiveLogBatch batch) => Deliver(Waiters, batch);

    /// <summary>Raises the late entries of an abandoned handler.</summary>
    public void DeliverLateLogs(LiveLogBatch batch) => Deliver(LateWaiters, batch);

    private static void Deliver(List<TaskCompletionSource<LiveLogBatch>> waiters, LiveLogBatch batch)
    {
        Assert.NotEmpty(waiters);
        TaskCompletionSource<LiveLogBatch> pending = waiters[^1];
        Assert.False(pending.Task.IsCompleted, "the orchestrator has no pending waiter for the event");
        pending.SetResult(batch);
    }

    private List<TaskCompletionSource<LiveLogBatch>> WaitersFor(string name)
    {
        if (!WaitersByEvent.TryGetValue(name, out List<TaskCompletionSource<LiveLogBatch>>? waiters))
        {
            waiters = [];
            WaitersByEvent[name] = waiters;
        }

        return waiters;
    }

    private async Task FireAsync(Task timer, DateTime fireAt)
    {
        await timer;
        if (Now < fireAt)
        {
            Now = fireAt;
        }
    }

    public sealed record ArchiveCall(string Activity, LogArchiveChunk Chunk);

    public sealed record TimerCall(DateTime FireAt, CancellationToken Token);

    public sealed record SentEvent(string InstanceId, string Name, object Payload);
}
