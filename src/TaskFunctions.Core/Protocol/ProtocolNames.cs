namespace TaskFunctions.Protocol;

/// <summary>
/// The names the engine stores: orchestrators, activities and events. Renaming one breaks every instance
/// already in a task hub, so they never change.
/// </summary>
public static class ProtocolNames
{
    /// <summary>The orchestrator of one execution (instance id = execution id).</summary>
    public const string ExecutionOrchestrator = "TaskExecution";

    /// <summary>The orchestrator that keeps one archived chunk of a long log as its input.</summary>
    public const string LogArchiveOrchestrator = "ExecutionLogArchive";

    /// <summary>The orchestrator that holds one concurrency slot of a task.</summary>
    public const string SlotOrchestrator = "TaskConcurrencySlot";

    /// <summary>The orchestrator that keeps the queue of a task whose starts beyond its limit wait (eternal).</summary>
    public const string QueueOrchestrator = "TaskQueue";

    /// <summary>The orchestrator that keeps the execution an idempotency key started, as its input.</summary>
    public const string KeyClaimOrchestrator = "TaskIdempotencyKey";

    /// <summary>The activity that runs one attempt of an execution: middleware and handler.</summary>
    public const string AttemptActivity = "RunTaskAttempt";

    /// <summary>The activity that stores one archived chunk of a long log.</summary>
    public const string ArchiveLogActivity = "ArchiveExecutionLog";

    /// <summary>The event that carries a <see cref="LiveLogBatch"/> to a running execution.</summary>
    public const string LiveLogEvent = "log";

    /// <summary>The event that carries the entries a handler wrote after it was abandoned at the deadline.</summary>
    public const string LateLogEvent = "late-log";

    /// <summary>The event that releases a concurrency slot; its payload is the execution id.</summary>
    public const string ReleaseSlotEvent = "release";

    /// <summary>The event that carries a <see cref="QueueMessage"/> to a task's queue.</summary>
    public const string QueueEvent = "queue";

    /// <summary>The event that carries a <see cref="QueueTurn"/> from a task's queue to a queued execution.</summary>
    public const string TurnEvent = "turn";

    /// <summary>
    /// The event an execution whose attempt was cancelled waits for: none is ever raised, the instance's
    /// termination ends the wait.
    /// </summary>
    public const string TerminationEvent = "terminated";
}
