namespace TaskFunctions.Client;

/// <summary>The answer to <c>DELETE /tasks/executions/cancel/by-ids</c>.</summary>
/// <param name="Cancelled">Ids of the executions that were running and are now cancelled.</param>
/// <param name="NotFound">Ids that name no execution.</param>
/// <param name="NotRunning">Ids of executions that had already finished, left as they were.</param>
public sealed record CancelByIdsResult(IReadOnlyList<string> Cancelled, IReadOnlyList<string> NotFound, IReadOnlyList<string> NotRunning);
