namespace TaskFunctions.Protocol;

/// <summary>What a task's queue is told: an execution joins it, or leaves it (ended, or cancelled).</summary>
/// <param name="Kind">Whether the execution joins or leaves.</param>
/// <param name="ExecutionId">The execution.</param>
/// <param name="Limit">How many executions of the task may run at once, as the sender knows it (0: unchanged).</param>
/// <param name="Ready">
/// Whether the execution itself sends the join: it runs, so it can be told its turn. A turn is never sent before
/// that, because an event that reaches an instance ahead of its start can make the engine drop both.
/// </param>
internal sealed record QueueMessage(QueueMessageKind Kind, string ExecutionId, int Limit = 0, bool Ready = false);

/// <summary>The kinds of <see cref="QueueMessage"/>.</summary>
internal enum QueueMessageKind
{
    /// <summary>The execution was accepted and waits for its turn. Joining twice is joining once.</summary>
    Join,

    /// <summary>The execution ended or was cancelled: its turn, or its place in the line, goes to the next.</summary>
    Leave,
}
