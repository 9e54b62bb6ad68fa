using System.Text.Json;
using Microsoft.DurableTask;
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
    private readonly List<Task<StageResult>> _abandoned = [];
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
        DateTime deadline = _context.CurrentUtcDateTime.AddMilliseconds(_request.TimeoutMs);
        Record(TaskLogLevel.Info, LogMessages.Started(_request.TimeoutMs));
        Publish();

        TaskError? error;
        using (var timerCancellation = new CancellationTokenSource())
        {
            Task deadlineTimer = _context.CreateTimer(deadline, timerCancellation.Token);
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
                await RunStageAsync(ExecutionStage.Error, error, errorDeadline, deadlineTimer: null);
            }
        }

        // A stage that outlived the deadline has had its token cancelled; keep what it logged.
        foreach (Task<StageResult> stage in _abandoned)
        {
            StageResult? late = await AwaitStageAsync(stage);
            if (late is not null)
            {
                Append(late.Logs);
            }
        }

        // The final status goes out once every archive chunk is stored: a finished execution's log is whole.
        Publish();
        await Task.WhenAll(_archives);
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
            TaskError? beforeError = await RunStageAsync(ExecutionStage.Before, null, deadline, deadlineTimer);
            if (beforeError is not null)
            {
                return beforeError;
            }
        }

        TaskError? handlerError = await RunStageAsync(ExecutionStage.Handler, null, deadline, deadlineTimer);
        if (handlerError is not null || !_request.Plan.After)
        {
            return handlerError;
        }

        return await RunStageAsync(ExecutionStage.After, null, deadline, deadlineTimer);
    }

    private async Task<TaskError?> RunStageAsync(ExecutionStage stage, TaskError? error, DateTime deadline, Task? deadlineTimer)
    {
        const int Attempt = 1;
        var input = new StageRequest(_request, stage, Attempt, deadline, [.. _log.Tail], _log.ArchivedCount, _items, error);
        Task<StageResult> call = _context.CallActivityAsync<StageResult>(StageRunner.ActivityName, input);

        if (deadlineTimer is not null && await Task.WhenAny(call, deadlineTimer) != call)
        {
            _abandoned.Add(call);
            _timedOut = true;
            var timeout = new TaskError(TimeoutErrorType, LogMessages.TimedOut(_request.TimeoutMs), stage, Attempt);
            Record(TaskLogLevel.Error, timeout.Message, timeout);
            return timeout;
        }

        StageResult? result = await AwaitStageAsync(call);
        if (result is null)
        {
            return new TaskError(typeof(TaskFailedException).FullName!, "The stage activity failed to run.", stage, Attempt);
        }

        Append(result.Logs);
        _items = result.Items;
        Publish();
        return result.Error;
    }

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

    private void Record(TaskLogLevel level, string message, TaskError? error = null)
    {
        JsonElement? data = error is null ? null : JsonSerializer.SerializeToElement(error, TaskFunctionsJson.Options);
        _log.Append(new LogEntry(_context.CurrentUtcDateTime, level, message, data));
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
        _finishedAt ??= _context.CurrentUtcDateTime;
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
}
