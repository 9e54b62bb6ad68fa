using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace TaskFunctions.OpenApi;

/// <summary>The body of a start request (both optional).</summary>
/// <param name="Params">The task's params, a JSON object; a task that declares its params type checks them against it.</param>
/// <param name="TimeoutMs">A timeout shorter than the task's, in milliseconds (1 up to the task's own).</param>
internal sealed record StartExecutionBody(
    JsonElement? Params,
    [property: Range(1, int.MaxValue)] int? TimeoutMs);

/// <summary>The body of a cancel by ids.</summary>
/// <param name="ExecutionIds">Execution ids, 0 to 100; any string is accepted, one that names no execution is answered in notFound.</param>
internal sealed record CancelByIdsBody([property: MaxLength(Http.TaskApi.MaxExecutionIds)] IReadOnlyList<string> ExecutionIds);

/// <summary>The body of a cancel by task names.</summary>
/// <param name="TaskNames">Task names, 0 to 50.</param>
internal sealed record CancelByTaskNamesBody([property: MaxLength(Http.TaskApi.MaxTaskNames)] IReadOnlyList<string> TaskNames);

/// <summary>The problem details of a start refused at the task's concurrency limit, or with its queue full (409).</summary>
/// <param name="Type">A URI that identifies the kind of problem.</param>
/// <param name="Title">The problem in short.</param>
/// <param name="Status">409.</param>
/// <param name="Detail">Which executions hold the task's slots.</param>
/// <param name="RunningExecutionIds">The executions running (holding the task's slots, for a task that refuses).</param>
/// <param name="QueuedExecutionIds">For a task that queues, the executions waiting in its full queue, in order.</param>
internal sealed record ConcurrencyProblem(string? Type, string Title, int Status, string Detail, IReadOnlyList<string> RunningExecutionIds, IReadOnlyList<string>? QueuedExecutionIds = null);
