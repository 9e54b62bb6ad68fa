namespace TaskFunctions.Http;

/// <summary>A task in the catalog, as <c>GET /tasks</c> lists it.</summary>
/// <param name="Name">The task name.</param>
/// <param name="Description">What the task does.</param>
/// <param name="TimeoutMs">The timeout of one execution in milliseconds.</param>
public sealed record TaskInfo(string Name, string? Description, int TimeoutMs);
