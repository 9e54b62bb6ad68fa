using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Scheduling;
using TaskFunctions.Serialization;

namespace TaskFunctions.Http;

/// <summary>
/// The HTTP API of the service. Each method handles one route for any host: it checks the request, calls the
/// host's <see cref="TaskExecutionClient"/>, and writes the JSON answer or a problem.
/// </summary>
public sealed partial class TaskApi
{
    /// <summary>The most execution ids one cancel request may name.</summary>
    public const int MaxExecutionIds = 100;

    /// <summary>The most task names one cancel request may name.</summary>
    public const int MaxTaskNames = 50;

    /// <summary>The request header that makes a start safe to repeat.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly TaskCatalog _catalog;
    private readonly IReadOnlyList<ScheduledTask> _schedules;
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="TaskApi"/> class, listing the schedules of the definitions.</summary>
    /// <param name="catalog">The task catalog.</param>
    public TaskApi(TaskCatalog catalog)
        : this(catalog, schedules: null, TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskApi"/> class.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="schedules">The host's schedule runner, whose schedules the catalog lists (configuration's included); without one, the definitions' own.</param>
    /// <param name="clock">The clock the next occurrences are counted from.</param>
    public TaskApi(TaskCatalog catalog, ScheduleRunner? schedules, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(clock);
        _catalog = catalog;
        _schedules = schedules?.Schedules ?? [.. catalog.Tasks.SelectMany(t => t.Schedules.Select(s => new ScheduledTask(t, s, "code")))];
        _clock = clock;
    }

    /// <summary><c>GET /tasks</c>: the task catalog, each task with its schedules and their next occurrences.</summary>
    /// <returns>The tasks.</returns>
    public IResult ListTasks()
    {
        DateTimeOffset now = _clock.GetUtcNow();
        return Json(_catalog.Tasks.Select(t => TaskInfo.From(t, _schedules, now)), StatusCodes.Status200OK);
    }

    /// <summary>
    /// <c>POST /tasks/{taskName}/execute/{manual|api}</c>: starts an execution and answers 202 at once. The body is
    /// <c>{ "params": { … }, "timeoutMs": n }</c>, both optional; an <c>Idempotency-Key</c> header makes the start
    /// safe to repeat (200 with the execution the key started). A task at its concurrency limit answers 409.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="taskName">The task.</param>
    /// <param name="trigger">How the execution is started.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>202 (or 200 for a repeated key) with the execution, or a problem.</returns>
    public async Task<IResult> ExecuteAsync(HttpRequest request, string taskName, TriggerKind trigger, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        if (!_catalog.TryGet(taskName, out TaskDefinition? task))
        {
            return ApiProblems.UnknownTask(taskName);
        }

        Parsed<JsonElement?> root = await RequestBody.ReadAsync(request).ConfigureAwait(false);
        if (!root.Failed)
        {
            root = RequestBody.RequireObject(root.Value, optional: true);
        }

        if (root.Failed)
        {
            return root.Problem!;
        }

        JsonElement? parameters = null;
        TimeSpan? shorterTimeout = null;
        if (root.Value is { } body)
        {
            if (body.TryGetProperty("params", out JsonElement value) && value.ValueKind != JsonValueKind.Null)
            {
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return ApiProblems.BadRequest($"'params' must be a JSON object, not {RequestBody.Describe(value.ValueKind)}.");
                }

                parameters = value;
            }

            if (body.TryGetProperty("timeoutMs", out JsonElement timeout) && timeout.ValueKind != JsonValueKind.Null)
            {
                if (timeout.ValueKind != JsonValueKind.Number || !timeout.TryGetInt32(out int ms) || ms < 1 || ms > task.Timeout.TotalMilliseconds)
                {
                    return ApiProblems.BadRequest(string.Create(
                        CultureInfo.InvariantCulture,
                        $"'timeoutMs' must be a whole number of milliseconds from 1 to {task.Timeout.TotalMilliseconds} (the task's timeout); got {timeout.GetRawText()}."));
                }

                shorterTimeout = TimeSpan.FromMilliseconds(ms);
            }
        }

        Parsed<string?> idempotencyKey = ReadIdempotencyKey(request);
        if (idempotencyKey.Failed)
        {
            return idempotencyKey.Problem!;
        }

        Parsed<StartResult> call = await StoreAsync(executions
            .StartAsync(task.Name, new StartRequest(trigger, parameters, shorterTimeout, idempotencyKey.Value), request.HttpContext.RequestAborted))
            .ConfigureAwait(false);
        return call.Failed ? call.Problem! : StartAnswer(request, task, call.Value);
    }

    /// <summary>Reads the optional <c>Idempotency-Key</c> header: one value of 1 to 200 characters, none a control character.</summary>
    private static Parsed<string?> ReadIdempotencyKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            return Parsed<string?>.Ok(null);
        }

        string key = keyValues.ToString();
        return keyValues.Count != 1 || key.Length is 0 or > StartRequest.MaxIdempotencyKeyLength || key.Any(char.IsControl)
            ? Parsed<string?>.Fail(ApiProblems.BadRequest(string.Create(
                CultureInfo.InvariantCulture,
                $"The {IdempotencyKeyHeader} header must be one value of 1 to {StartRequest.MaxIdempotencyKeyLength} characters, none of them a control character.")))
            : Parsed<string?>.Ok(key);
    }

    /// <summary>The answer to a start: 202 with the new execution, 200 with the one a repeated key started (both with <c>Location</c>), 409, or 400 for params that do not fit the task.</summary>
    private static IResult StartAnswer(HttpRequest request, TaskDefinition task, StartResult started)
    {
        if (started.Outcome == StartOutcome.Invalid)
        {
            return ApiProblems.BadRequest(started.Problem!);
        }

        if (started.Outcome == StartOutcome.Conflict)
        {
            return task.Queue is { } queue
                ? ApiProblems.QueueFull(
                    $"The task '{task.Name}' allows {task.ConcurrencyLimit} execution(s) at a time and queues {queue.Capacity} more: the queue is full. Running: {string.Join(", ", started.RunningExecutionIds)}; waiting: {string.Join(", ", started.QueuedExecutionIds)}.",
                    started.RunningExecutionIds,
                    started.QueuedExecutionIds)
                : ApiProblems.Conflict(
                    $"The task '{task.Name}' allows {task.ConcurrencyLimit} execution(s) at a time and that many are running: {string.Join(", ", started.RunningExecutionIds)}.",
                    started.RunningExecutionIds);
        }

        ExecutionAccepted accepted = started.Execution!;
        request.HttpContext.Response.Headers.Location = TaskApiRoutes.ExecutionPath(accepted.ExecutionId);
        return Json(accepted, started.Outcome == StartOutcome.Existing ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    /// <summary>Calls the facade; a task store that is unavailable becomes a 503 problem instead of an exception.</summary>
    private static async Task<Parsed<T>> StoreAsync<T>(Task<T> call)
    {
        try
        {
            return Parsed<T>.Ok(await call.ConfigureAwait(false));
        }
        catch (TaskStoreUnavailableException ex)
        {
            return Parsed<T>.Fail(ApiProblems.StoreUnavailable(ex.Message));
        }
    }

    private static IResult Json<T>(T value, int statusCode) =>
        Results.Json(value, TaskFunctionsJson.Options, contentType: "application/json; charset=utf-8", statusCode: statusCode);
}
