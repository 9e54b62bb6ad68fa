namespace TaskFunctions.Client;

/// <summary>The answer to <c>DELETE /tasks/executions/cancel/by-task-names</c>.</summary>
/// <param name="Cancelled">Ids of the executions that were cancelled.</param>
/// <param name="TaskNotFound">Names that are not tasks of this service.</param>
public sealed record CancelByTaskNamesResult(IReadOnlyList<string> Cancelled, IReadOnlyList<string> TaskNotFound);
