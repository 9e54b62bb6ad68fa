namespace TaskFunctions.Protocol;

/// <summary>The input of a concurrency slot instance: which execution holds the slot.</summary>
/// <param name="ExecutionId">The execution holding the slot.</param>
/// <param name="TaskName">The task.</param>
/// <param name="Index">The slot's index, from 0 to the task's limit - 1.</param>
internal sealed record SlotLease(string ExecutionId, string TaskName, int Index);
