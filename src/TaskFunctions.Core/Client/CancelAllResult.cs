namespace TaskFunctions.Client;

/// <summary>The answer to <c>DELETE /tasks/executions/cancel/all</c>.</summary>
/// <param name="Count">How many executions were cancelled.</param>
public sealed record CancelAllResult(int Count);
