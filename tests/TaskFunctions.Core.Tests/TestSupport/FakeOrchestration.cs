using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Orchestration;
using DurableTaskOptions = Microsoft.DurableTask.TaskOptions;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>
/// A mocked <see cref="TaskOrchestrationContext"/> that records what the orchestrator does: stage activity calls,
/// custom status, log archive activity calls and the deadline timer, in one ordered event list.
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
                TimerFireAt = fireAt;
                TimerToken = token;
                Events.Add("timer");
                return Timer.Task;
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

    public DateTime Now { get; set; }

    /// <summary>Gets or sets what a stage activity returns.</summary>
    public Func<StageRequest, Task<StageResult>> OnStage { get; set; } = _ => Task.FromResult(Requests.Result());

    /// <summary>Gets the deadline timer; it fires when a test completes it.</summary>
    public TaskCompletionSource Timer { get; } = new();

    public DateTime? TimerFireAt { get; private set; }

    public CancellationToken TimerToken { get; private set; }

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

    public sealed record ArchiveCall(string Activity, LogArchiveChunk Chunk);
}
