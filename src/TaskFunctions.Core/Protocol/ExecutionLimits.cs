namespace TaskFunctions.Protocol;

/// <summary>Limits the engine imposes on an execution's state.</summary>
internal static class ExecutionLimits
{
    /// <summary>
    /// The most characters of JSON an orchestration's custom status may hold: 16 KB of UTF-16 text, the
    /// Durable Functions limit (Azure Table Storage refuses larger values).
    /// </summary>
    public const int CustomStatusMaxChars = 8 * 1024;

    /// <summary>The part of the custom status left for log entries, after the status fields.</summary>
    public const int LogBudgetChars = CustomStatusMaxChars - 512;

    /// <summary>
    /// How long a failed execution waits for the entries of a handler that ignored its token at the deadline
    /// (the execution reads failed meanwhile).
    /// </summary>
    public static readonly TimeSpan LateEntriesWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often an execution waiting in its task's queue tells the queue again that it waits: a message the queue
    /// or the execution lost (a store that failed in between) costs at most this much delay, never a stuck execution.
    /// </summary>
    public static readonly TimeSpan QueueRejoinInterval = TimeSpan.FromSeconds(15);
}
