using TaskFunctions.Catalog;

namespace TaskFunctions.Http;

/// <summary>A task in the catalog, as <c>GET /tasks</c> lists it.</summary>
/// <param name="Name">The task name.</param>
/// <param name="Description">What the task does.</param>
/// <param name="TimeoutMs">The timeout of one execution in milliseconds.</param>
/// <param name="Retry">How a failed handler is retried, if at all.</param>
/// <param name="ConcurrencyLimit">How many executions may run at once, if limited.</param>
public sealed record TaskInfo(string Name, string? Description, int TimeoutMs, TaskRetryPolicy? Retry, int? ConcurrencyLimit);
