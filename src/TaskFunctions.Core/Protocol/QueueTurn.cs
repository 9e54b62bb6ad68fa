namespace TaskFunctions.Protocol;

/// <summary>What a task's queue tells a queued execution: run now, or wait behind others.</summary>
/// <param name="Go">Whether the execution may start now.</param>
/// <param name="Running">When it waits, the executions running at that moment.</param>
/// <param name="Position">When it waits, its place in the line (1 for the next to start).</param>
internal sealed record QueueTurn(bool Go, IReadOnlyList<string> Running, int Position)
{
    /// <summary>Gets the turn of an execution that may start now.</summary>
    public static QueueTurn Now { get; } = new(true, [], 0);
}
