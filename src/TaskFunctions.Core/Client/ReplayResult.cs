namespace TaskFunctions.Client;

/// <summary>The result of a replay: the task of the execution replayed, and the start of the new one.</summary>
/// <param name="TaskName">The task the replayed execution ran, and the new one runs.</param>
/// <param name="Start">The new execution, the existing one for a repeated idempotency key, or a conflict at the task's concurrency limit.</param>
public sealed record ReplayResult(string TaskName, StartResult Start);
