using System.Text.Json;
using Microsoft.DurableTask;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// One execution as its orchestrator runs it: the start entry, then one activity per attempt (with a durable
/// timer between attempts only when the task retries), the live log batches shown while an attempt runs, and
/// the final status once the log is complete. Orchestrator code: deterministic, no I/O.
/// </summary>
internal sealed class ExecutionRun
{
    private readonly TaskOrchestrationContext _context;
    private ExecutionRequest _request;
    private readonly ExecutionLog _log;
    private readonly LiveLogInbox _inbox;

    public ExecutionRun(TaskOrchestrationContext context, ExecutionRequest request, int logBudgetChars)
    {
        _context = context;
        _request = request;
        _log = new ExecutionLog(context, request.ExecutionId, logBudgetChars);
        _inbox = new LiveLogInbox(context);
    }


    public async Task<ExecutionOutcome> RunAsync()
    {
        if (_request.QueueLimit is int limit)
        {
            await WaitForTurnAsync(limit);
        }

        _log.RecordStart(_request);
        _log.Publish(ExecutionStatus.Running);

        AttemptResult result;
        IReadOnlyDictionary<string, JsonElement> items = new Dictionary<string, JsonElement>();
        for (int attempt = 1; ; attempt++)
        {
            result = await RunAttemptAsync(attempt, items);
            if (result.Outcome == AttemptOutcome.Cancelled)
            {
                // The cancel that stopped the attempt terminates this instance: wait for it, deciding nothing.
                await _context.WaitForExternalEvent<string>(ProtocolNames.TerminationEvent);
            }

            if (result.Outcome != AttemptOutcome.Retry)
            {
                break;
            }

            // The next attempt starts after the delay, or at the deadline, where it only records the timeout.
            items = result.Items;
            _log.Publish(ExecutionStatus.Running);
            DateTime resumeAt = _context.CurrentUtcDateTime + result.RetryDelay!.Value;
            await _context.CreateTimer(resumeAt < _request.Deadline ? resumeAt : _request.Deadline, CancellationToken.None);
        }

        ExecutionStatus status = result.Outcome == AttemptOutcome.Succeeded ? ExecutionStatus.Completed : ExecutionStatus.Failed;
        if (result.HandlerAbandoned)
        {
            // The outcome is decided and shown; the entries of a handler that ignored its token follow if it returns.
            _log.Publish(status);
            await AddLateEntriesAsync();
        }

        DateTime finishedAt = await _log.CompleteAsync(status, ReleaseSlot);
        if (status == ExecutionStatus.Failed)
        {
            throw new TaskExecutionFailedException(result.Error ?? new TaskError("Unknown", LogMessages.Failed, ExecutionStage.Handler, 1));
        }

        return new ExecutionOutcome(status, finishedAt, _log.TotalCount);
    }

    /// <summary>
    /// Waits in the task's queue until it is this execution's turn, saying in the log whom it waits for; its timeout
    /// then counts from its turn. The client told the queue when it created the execution; the execution tells it
    /// again (joining twice is joining once), so a client that stopped in between leaves no execution waiting forever,
    /// and while it waits it says so again every <see cref="ExecutionLimits.QueueRejoinInterval"/> (the queue answers
    /// every join of the execution itself with its turn or its place), so a lost message delays it but never strands it.
    /// The queue tells it nothing before its own join: an event that reaches an instance ahead of its start can make
    /// the engine drop both.
    /// An execution whose turn comes at once sets no timer.
    /// </summary>
    private async Task WaitForTurnAsync(int limit)
    {
        var join = new QueueMessage(QueueMessageKind.Join, _request.ExecutionId, limit, Ready: true);
        _context.SendEvent(InstanceIds.Queue(_request.TaskName), ProtocolNames.QueueEvent, join);
        QueueTurn turn = await _context.WaitForExternalEvent<QueueTurn>(ProtocolNames.TurnEvent);
        if (!turn.Go)
        {
            _log.Record(TaskLogLevel.Info, LogMessages.Queued(turn.Position), new { runningExecutionIds = turn.Running, position = turn.Position });
            _log.Publish(ExecutionStatus.Running);
            Task<QueueTurn> next = _context.WaitForExternalEvent<QueueTurn>(ProtocolNames.TurnEvent);
            while (!turn.Go)
            {
                using var timerCancellation = new CancellationTokenSource();
                Task timer = _context.CreateTimer(_context.CurrentUtcDateTime + ExecutionLimits.QueueRejoinInterval, timerCancellation.Token);
                if (await Task.WhenAny(next, timer) == timer)
                {
                    _context.SendEvent(InstanceIds.Queue(_request.TaskName), ProtocolNames.QueueEvent, join);
                    continue;
                }

                timerCancellation.Cancel();
                turn = await next;
                if (!turn.Go)
                {
                    next = _context.WaitForExternalEvent<QueueTurn>(ProtocolNames.TurnEvent);
                }
            }
        }

        DateTime now = _context.CurrentUtcDateTime;
        _request = _request with { StartedAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond)), QueuedSince = _request.StartedAt };
    }

    private async Task<AttemptResult> RunAttemptAsync(int attempt, IReadOnlyDictionary<string, JsonElement> items)
    {
        // An attempt handed back by a stopping host runs again at once; its entries so far stay, and the new
        // run's follow a note (see AttemptProgress).
        var progress = new AttemptProgress(attempt);
        AttemptResult result;
        do
        {
            result = await RunOnceAsync(progress, items);
        }
        while (result.Outcome == AttemptOutcome.Interrupted);

        return result;
    }

    private async Task<AttemptResult> RunOnceAsync(AttemptProgress progress, IReadOnlyDictionary<string, JsonElement> items)
    {
        int attempt = progress.Attempt;
        await _log.ArchivedAsync();
        var request = new AttemptRequest(_request, attempt, _log.Tail, _log.ArchivedCount, items, _log.ChunkCount);
        Task<AttemptResult> call = _context.CallActivityAsync<AttemptResult>(ProtocolNames.AttemptActivity, request);
        while (await Task.WhenAny(call, _inbox.Next) != call)
        {
            Show(progress.Accept(_inbox.Take(), out bool startedOver), startedOver, attempt);
        }

        AttemptResult result;
        try
        {
            result = await call;
        }
        catch (TaskFailedException ex)
        {
            // The activity itself failed (user code never makes it throw): the execution fails as it stands.
            var error = new TaskError(ex.FailureDetails?.ErrorType ?? typeof(TaskFailedException).FullName!, ex.FailureDetails?.ErrorMessage ?? ex.Message, ExecutionStage.Handler, attempt);
            _log.Record(TaskLogLevel.Error, LogMessages.Failed, error);
            return new AttemptResult(AttemptOutcome.Failed, string.Empty, [], items, error);
        }

        Show(progress.Finish(result, out bool resultStartedOver), resultStartedOver, attempt);
        return result;
    }

    private void Show(IEnumerable<LogEntry> entries, bool startedOver, int attempt)
    {
        if (startedOver)
        {
            _log.Record(TaskLogLevel.Warn, LogMessages.AttemptStartedOver(attempt), new { attempt });
        }

        if (_log.AppendAll(entries) > 0 || startedOver)
        {
            _log.Publish(ExecutionStatus.Running);
        }
    }

    private async Task AddLateEntriesAsync()
    {
        using var timerCancellation = new CancellationTokenSource();
        Task<LiveLogBatch> late = _context.WaitForExternalEvent<LiveLogBatch>(ProtocolNames.LateLogEvent);
        Task timer = _context.CreateTimer(_context.CurrentUtcDateTime + ExecutionLimits.LateEntriesWait, timerCancellation.Token);
        if (await Task.WhenAny(late, timer) == late)
        {
            timerCancellation.Cancel();
            if (late.Result.Entries.Count > 0)
            {
                _log.Record(TaskLogLevel.Warn, LogMessages.LateEntries);
                _log.AppendAll(late.Result.Entries);
            }
        }
    }

    private void ReleaseSlot()
    {
        if (_request.QueueLimit is not null)
        {
            _context.SendEvent(InstanceIds.Queue(_request.TaskName), ProtocolNames.QueueEvent, new QueueMessage(QueueMessageKind.Leave, _request.ExecutionId));
        }

        if (_request.SlotIndex is int slot)
        {
            _context.SendEvent(InstanceIds.Slot(_request.TaskName, slot), ProtocolNames.ReleaseSlotEvent, _request.ExecutionId);
        }
    }
}
