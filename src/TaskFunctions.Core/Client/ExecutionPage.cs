namespace TaskFunctions.Client;

/// <summary>One page of a task's executions, newest first.</summary>
/// <param name="Items">The executions.</param>
/// <param name="ContinuationToken">The token that fetches the next page, or <see langword="null"/> at the end.</param>
public sealed record ExecutionPage(IReadOnlyList<ExecutionView> Items, string? ContinuationToken);
