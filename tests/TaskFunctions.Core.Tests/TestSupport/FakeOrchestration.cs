using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Orchestration;
using DurableTaskOptions = Microsoft.DurableTask.TaskOptions;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>
/// A mocked <see cref="TaskOrchestrationContext"/> that records what the orchestrator does: stage activity calls,
/// custom status, log archive activity calls, timers, live log waiters and sent events, in one ordered event list.
/// The first timer an execution creates is its deadline (<see cref="Timer"/>); later ones are retry delays
/// (<see cref="OnDelay"/>). Live log waiters stay pending until a test delivers a batch.
/// </summary>
internal sealed class FakeOrchestration
{
    public FakeOrchestration(DateTime? start = null)
    {
        Now = start ?? Requests.Start;
        Context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => Now);
        Context
            .Setup(c => c.CallActivityAsync<StageResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<DurableTaskOptions?>()))
            .Returns<TaskName, object?, DurableTaskOptions?>((name, input, _) =>
            {
                ActivityNames.Add(name.Name);
                var request = (StageRequest)input!;
                StageCalls.Add(request);
                Events.Add($"activity:{request.Stage}");
                return OnStage(request);
            });
        Context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>((fireAt, token) =>
            {
                var timer = new TimerCall(fireAt, token);
                Timers.Add(timer);
                if (Timers.Count == 1)
                {
                    Events.Add("timer");
                    return FireAsync(Timer.Task, fireAt);
                }

                Events.Add($"delay:{(fireAt - Now).TotalMilliseconds}");
                return FireAsync(OnDelay(timer), fireAt);
            });
        Context
            .Setup(c => c.WaitForExternalEvent<LiveLogBatch>(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns<string, CancellationToken>((name, token) =>
            {
                if (Waiters.Any(w => !w.Task.IsCompleted))
                {
                    OverlappingWaiters++;
                }

                WaiterNames.Add(name);
                var waiter = new TaskCompletionSource<LiveLogBatch>();
                token.Register(() => waiter.TrySetCanceled(token));
                Waiters.Add(waiter);
                Events.Add("wait:log");
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
                return Task.FromResult(chunk.Entries.Count);
            });
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new();

    /// <summary>
    /// Gets or sets a value indicating whether a firing timer moves the clock to its time, as the engine's clock
    /// moves on; false models a timer message that arrives early.
    /// </summary>
    public bool TimersAdvanceClock { get; set; } = true;

    public DateTime Now { get; set; }

    /// <summary>Gets or sets what a stage activity returns.</summary>
    public Func<StageRequest, Task<StageResult>> OnStage { get; set; } = _ => Task.FromResult(Requests.Result());

    private async Task FireAsync(Task timer, DateTime fireAt)
    {
        await timer;
        if (TimersAdvanceClock && Now < fireAt)
        {
            Now = fireAt;
        }
    }

    /// <summary>Gets or sets what a retry delay timer returns; by default it has fired already.</summary>
    public Func<TimerCall, Task> OnDelay { get; set; } = _ => Task.CompletedTask;

    /// <summary>Gets the deadline timer; it fires when a test completes it.</summary>
    public TaskCompletionSource Timer { get; } = new();

    /// <summary>Gets when the deadline timer fires.</summary>
    public DateTime? TimerFireAt => Timers.Count > 0 ? Timers[0].FireAt : null;

    /// <summary>Gets the deadline timer's token.</summary>
    public CancellationToken TimerToken => Timers.Count > 0 ? Timers[0].Token : CancellationToken.None;

    /// <summary>Gets every timer created, the deadline first.</summary>
    public List<TimerCall> Timers { get; } = [];

    /// <summary>Gets the retry delay timers.</summary>
    public IEnumerable<TimerCall> Delays => Timers.Skip(1);

    /// <summary>Gets every live log waiter created, in order.</summary>
    public List<TaskCompletionSource<LiveLogBatch>> Waiters { get; } = [];

    public List<string> WaiterNames { get; } = [];

    /// <summary>Gets how many times a waiter was created while an earlier one was still pending.</summary>
    public int OverlappingWaiters { get; private set; }

    public List<SentEvent> SentEvents { get; } = [];

    public List<string> ActivityNames { get; } = [];

    public List<StageRequest> StageCalls { get; } = [];

    public List<ExecutionSnapshot> Statuses { get; } = [];

    public List<ArchiveCall> Archives { get; } = [];

    public List<string> Events { get; } = [];

    public ExecutionSnapshot LastStatus => Statuses[^1];

    public IEnumerable<ExecutionStage> Stages => StageCalls.Select(c => c.Stage);

    /// <summary>Gets every entry the execution recorded: the archived chunks in order, then the final custom status.</summary>
    public IReadOnlyList<LogEntry> FullLog => [.. Archives.OrderBy(a => a.Chunk.Index).SelectMany(a => a.Chunk.Entries), .. LastStatus.Logs];

    public Task<ExecutionOutcome> RunAsync(ExecutionRequest request) => ExecutionOrchestrator.RunAsync(Context.Object, request);

    public Task<ExecutionOutcome> RunAsync(ExecutionRequest request, int logBudgetChars) =>
        ExecutionOrchestrator.RunAsync(Context.Object, request, logBudgetChars);

    /// <summary>Raises a live log batch: completes the waiter the orchestrator has pending.</summary>
    public void DeliverLogs(LiveLogBatch batch)
    {
        TaskCompletionSource<LiveLogBatch> pending = Waiters[^1];
        Assert.False(pending.Task.IsCompleted, "the orchestrator has no pending live log waiter");
        pending.SetResult(batch);
    }

    public sealed record ArchiveCall(string Activity, LogArchiveChunk Chunk);

    public sealed record TimerCall(DateTime FireAt, CancellationToken Token);

    public sealed record SentEvent(string InstanceId, string Name, object Payload);
}
