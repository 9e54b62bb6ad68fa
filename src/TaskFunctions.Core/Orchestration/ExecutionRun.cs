using System.Text.Json;
using Microsoft.DurableTask;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Serialization;

namespace TaskFunctions.Orchestration;

/// <summary>The state of one run of <see cref="ExecutionOrchestrator"/>. Orchestrator code: deterministic, no I/O.</summary>
internal sealed class ExecutionRun
{
    /// <summary>The error type recorded for a timeout.</summary>
    public static readonly string TimeoutErrorType = typeof(TimeoutException).FullName!;

    private readonly TaskOrchestrationContext _context;
    private readonly ExecutionRequest _request;
    private readonly BoundedLog _log;
    private readonly List<Task> _archives = [];
    private readonly List<RunningStage> _abandoned = [];
    private readonly CancellationTokenSource _liveLogCancellation = new();
    private Task<LiveLogBatch> _liveLogs = null!;
    private IReadOnlyDictionary<string, JsonElement> _items = new Dictionary<string, JsonElement>();
    private ExecutionStatus _status = ExecutionStatus.Running;
    private DateTime? _finishedAt;
    private bool _timedOut;

    public ExecutionRun(TaskOrchestrationContext context, ExecutionRequest request, int logBudgetChars)
    {
        _context = context;
        _request = request;
        _log = new BoundedLog(logBudgetChars);
    }

    public async Task<ExecutionOutcome> RunAsync()
    {
        // The timeout counts from the start request, which clients see as startedAt; the input keeps it stable
        // across replays.
        DateTime deadline = _request.StartedAt.AddMilliseconds(_request.TimeoutMs);
        Record(TaskLogLevel.Info, LogMessages.Started(_request.TimeoutMs));
        Publish();

        // Exactly one waiter for live log batches at any time: a second one would take batches meant for the first.
        _liveLogs = WaitForLiveLogs();
        TaskError? error;
        using (var timerCancellation = new CancellationTokenSource())
        {
            Task deadlineTimer = TimerAsync(deadline, timerCancellation.Token);
            error = await RunMainStagesAsync(deadline, deadlineTimer);
            timerCancellation.Cancel();
        }

        if (error is null)
        {
            Record(TaskLogLevel.Info, LogMessages.Succeeded);
        }
        else
        {
            if (_timedOut)
            {
                // A timeout reads failed at once, even while the error middleware still runs.
                Finish(ExecutionStatus.Failed);
            }
            else
            {
                Record(TaskLogLevel.Error, LogMessages.Failed, error);
            }

            if (_request.Plan.Error)
            {
                DateTime errorDeadline = _context.CurrentUtcDateTime.Add(ExecutionLimits.ErrorStageTimeout);
                await RunStageAsync(ExecutionStage.Error, error.Attempt, error, errorDeadline, deadlineTimer: null);
            }
        }

        // A stage that outlived the deadline has had its token cancelled; keep what it logged.
        foreach (RunningStage stage in _abandoned)
        {
            StageResult? late = await AwaitStageAsync(stage.Call);
            if (late is not null)
            {
                Append(late.Logs.Skip(stage.Applied));
            }
        }

        // The final status goes out once every archive chunk is stored: a finished execution's log is whole.
        Publish();
        try
        {
            await Task.WhenAll(_archives);
        }
        finally
        {
            // Even when storing the log failed, the slot must not stay taken until its lease expires.
            ReleaseSlot();
        }

        _liveLogCancellation.Cancel();
        Finish(error is null ? ExecutionStatus.Completed : ExecutionStatus.Failed);

        if (error is not null)
        {
            throw new TaskExecutionFailedException(error);
        }

        return new ExecutionOutcome(_status, _finishedAt!.Value, _log.TotalCount);
    }

    private async Task<TaskError?> RunMainStagesAsync(DateTime deadline, Task deadlineTimer)
    {
        if (_request.Plan.Before)
        {
            TaskError? beforeError = await RunStageAsync(ExecutionStage.Before, 1, null, deadline, deadlineTimer);
            if (beforeError is not null)
            {
                return beforeError;
            }
        }

        TaskRetryPolicy? retry = _request.Retry;
        int maxAttempts = retry?.MaxAttempts ?? 1;
        IReadOnlyDictionary<string, JsonElement> itemsBeforeHandler = _items;
        int attempt = 1;
        while (true)
        {
            // Each attempt starts from the items the before middleware left, not from a failed attempt's.
            _items = itemsBeforeHandler;
            TaskError? handlerError = await RunStageAsync(ExecutionStage.Handler, attempt, null, deadline, deadlineTimer);
            if (handlerError is null)
            {
                break;
            }

            if (_timedOut || attempt == maxAttempts)
            {
                return handlerError;
            }

            TimeSpan delay = retry!.DelayBefore(attempt + 1);
            Record(TaskLogLevel.Warn, LogMessages.AttemptFailed(attempt), handlerError);
            Record(TaskLogLevel.Info, LogMessages.Retrying(attempt + 1, (long)delay.TotalMilliseconds), new { attempt = attempt + 1, delayMs = (long)delay.TotalMilliseconds });
            Publish();
            if (!await DelayAsync(delay, deadlineTimer))
            {
                return TimedOut(ExecutionStage.Handler, attempt + 1);
            }

            attempt++;
        }

        return _request.Plan.After ? await RunStageAsync(ExecutionStage.After, attempt, null, deadline, deadlineTimer) : null;
    }

    private async Task<TaskError?> RunStageAsync(ExecutionStage stage, int attempt, TaskError? error, DateTime deadline, Task? deadlineTimer)
    {
        var input = new StageRequest(_request, stage, attempt, deadline, [.. _log.Tail], _log.ArchivedCount, _items, error);
        var running = new RunningStage(stage, attempt, _context.CallActivityAsync<StageResult>(StageRunner.ActivityName, input));

        while (true)
        {
            Task winner = deadlineTimer is null
                ? await Task.WhenAny(running.Call, _liveLogs)
                : await Task.WhenAny(running.Call, _liveLogs, deadlineTimer);
            if (winner == running.Call)
            {
                break;
            }

            if (winner == _liveLogs)
            {
                ApplyLiveLogs(running);
                continue;
            }

            _abandoned.Add(running);
            return TimedOut(stage, attempt);
        }

        StageResult? result = await AwaitStageAsync(running.Call);
        if (result is null)
        {
            return new TaskError(typeof(TaskFailedException).FullName!, "The stage activity failed to run.", stage, attempt);
        }

        // The result holds every entry of the stage; those already shown live are skipped.
        Append(result.Logs.Skip(running.Applied));
        _items = result.Items;
        if (result.DeadlineReached && deadlineTimer is not null)
        {
            // The stage stopped at the deadline and its result came in before the timer did.
            return TimedOut(stage, attempt);
        }

        Publish();
        return result.Error;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, Task deadlineTimer)
    {
        using var cancellation = new CancellationTokenSource();
        Task timer = TimerAsync(_context.CurrentUtcDateTime.Add(delay), cancellation.Token);
        while (true)
        {
            Task winner = await Task.WhenAny(timer, deadlineTimer, _liveLogs);
            if (winner == _liveLogs)
            {
                // A late batch of the failed attempt: its result already carried the entries.
                _liveLogs = WaitForLiveLogs();
                continue;
            }

            if (winner == deadlineTimer)
            {
                cancellation.Cancel();
                return false;
            }

            return true;
        }
    }

    private void ApplyLiveLogs(RunningStage running)
    {
        LiveLogBatch batch = _liveLogs.Result;
        _liveLogs = WaitForLiveLogs();

        // Batches of other stages (one left running past the deadline) or ones that overlap are handled by the results.
        int end = batch.From + batch.Entries.Count;
        if (batch.Stage != running.Stage || batch.Attempt != running.Attempt || batch.From > running.Applied || end <= running.Applied)
        {
            return;
        }

        Append(batch.Entries.Skip(running.Applied - batch.From));
        running.Applied = end;
        Publish();
    }

    private TaskError TimedOut(ExecutionStage stage, int attempt)
    {
        _timedOut = true;
        var timeout = new TaskError(TimeoutErrorType, LogMessages.TimedOut(_request.TimeoutMs), stage, attempt);
        Record(TaskLogLevel.Error, timeout.Message, timeout, TimedOutAt);
        return timeout;
    }

    /// <summary>
    /// When the execution timed out, as recorded: never before the deadline. A stage that stopped at the deadline
    /// by its host's clock may report it while the orchestration's clock is a moment short of it.
    /// </summary>
    private DateTime TimedOutAt
    {
        get
        {
            DateTime deadline = _request.StartedAt.AddMilliseconds(_request.TimeoutMs);
            return _context.CurrentUtcDateTime > deadline ? _context.CurrentUtcDateTime : deadline;
        }
    }

    /// <summary>
    /// A durable timer that never fires before its time. Azure Storage queues delay messages by whole seconds, so
    /// a timer message can arrive up to a second early; then the timer is set again for what is left.
    /// </summary>
    private async Task TimerAsync(DateTime fireAt, CancellationToken cancellationToken)
    {
        do
        {
            await _context.CreateTimer(fireAt, cancellationToken);
        }
        while (_context.CurrentUtcDateTime < fireAt);
    }

    private Task<LiveLogBatch> WaitForLiveLogs() =>
        _context.WaitForExternalEvent<LiveLogBatch>(LiveLogBatch.EventName, _liveLogCancellation.Token);

    private static async Task<StageResult?> AwaitStageAsync(Task<StageResult> call)
    {
        try
        {
            return await call;
        }
        catch (TaskFailedException)
        {
            // The activity itself failed (not user code, whose errors come back in the result).
            return null;
        }
    }

    private void ReleaseSlot()
    {
        if (_request.SlotIndex is int slot)
        {
            _context.SendEvent(ConcurrencySlots.InstanceId(_request.TaskName, slot), ConcurrencySlots.ReleaseEvent, _request.ExecutionId);
        }
    }

    private void Record(TaskLogLevel level, string message, object? data = null, DateTime? at = null)
    {
        JsonElement? element = data is null ? null : JsonSerializer.SerializeToElement(data, data.GetType(), TaskFunctionsJson.Options);
        _log.Append(new LogEntry(at ?? _context.CurrentUtcDateTime, level, message, element));
    }

    private void Append(IEnumerable<LogEntry> entries)
    {
        foreach (LogEntry entry in entries)
        {
            _log.Append(entry);
        }
    }

    private void Finish(ExecutionStatus status)
    {
        _status = status;
        _finishedAt ??= _timedOut ? TimedOutAt : _context.CurrentUtcDateTime;
        Publish();
    }

    private void Publish()
    {
        IReadOnlyList<LogEntry>? overflow = _log.TakeOverflow();
        if (overflow is not null)
        {
            int index = _log.ChunkCount - 1;
            _archives.Add(_context.CallActivityAsync<int>(ExecutionLogArchive.ActivityName, new LogArchiveChunk(_request.ExecutionId, index, overflow)));
        }

        _context.SetCustomStatus(new ExecutionSnapshot(_status, _finishedAt, [.. _log.Tail], _log.ArchivedCount, _log.ChunkCount));
    }

    /// <summary>A stage attempt in flight, and how many of its entries have been shown live.</summary>
    private sealed class RunningStage(ExecutionStage stage, int attempt, Task<StageResult> call)
    {
        public ExecutionStage Stage { get; } = stage;

        public int Attempt { get; } = attempt;

        public Task<StageResult> Call { get; } = call;

        public int Applied { get; set; }
    }
}
