namespace TaskFunctions.Orchestration;

/// <summary>The input of a concurrency slot instance: which execution holds the slot, and until when at most.</summary>
/// <param name="ExecutionId">The execution holding the slot.</param>
/// <param name="TaskName">The task.</param>
/// <param name="Index">The slot's index, from 0 to the task's limit - 1.</param>
/// <param name="ExpiresAt">When the slot frees itself if the execution never releases it (UTC).</param>
public sealed record SlotLease(string ExecutionId, string TaskName, int Index, DateTime ExpiresAt);
