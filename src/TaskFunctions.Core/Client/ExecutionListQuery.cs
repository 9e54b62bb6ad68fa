using TaskFunctions.Execution;

namespace TaskFunctions.Client;

/// <summary>Filters and paging for listing a task's executions.</summary>
/// <param name="Status">Only executions with this status.</param>
/// <param name="From">Only executions started at or after this time.</param>
/// <param name="To">Only executions started at or before this time.</param>
/// <param name="Limit">The most executions to return.</param>
/// <param name="ContinuationToken">The token of the page to fetch, from the previous page.</param>
public sealed record ExecutionListQuery(
    ExecutionStatus? Status = null,
    DateTime? From = null,
    DateTime? To = null,
    int Limit = ExecutionListQuery.DefaultLimit,
    string? ContinuationToken = null)
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 100;
}
