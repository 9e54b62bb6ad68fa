using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;
using TaskFunctions.Serialization;

namespace TaskFunctions.Http;

/// <summary>
/// The HTTP API of the service. Each method handles one route for any host: it checks the request, calls the
/// <see cref="TaskExecutionClient"/> over the host's <see cref="DurableTaskClient"/>, and writes the JSON answer
/// or a problem.
/// </summary>
public sealed class TaskApi
{
    /// <summary>The most execution ids one cancel request may name.</summary>
    public const int MaxExecutionIds = 100;

    /// <summary>The most task names one cancel request may name.</summary>
    public const int MaxTaskNames = 50;

    /// <summary>The request header that makes a start safe to repeat.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    private readonly TaskCatalog _catalog;
    private readonly TaskExecutionClientFactory _clients;

    /// <summary>Initializes a new instance of the <see cref="TaskApi"/> class.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="clients">Makes the execution client each call works through.</param>
    public TaskApi(TaskCatalog catalog, TaskExecutionClientFactory clients)
    {
        _catalog = catalog;
        _clients = clients;
    }

    /// <summary><c>GET /tasks</c>: the task catalog.</summary>
    /// <returns>The tasks.</returns>
    public IResult ListTasks() =>
        Json(_catalog.Tasks.Select(t => new TaskInfo(t.Name, t.Description, t.TimeoutMs, t.Retry, t.ConcurrencyLimit)), StatusCodes.Status200OK);

    /// <summary>
    /// <c>POST /tasks/{taskName}/execute/{manual|api}</c>: starts an execution and answers 202 at once. The body is
    /// <c>{ "params": { … }, "timeoutMs": n }</c>, both optional; an <c>Idempotency-Key</c> header makes the start
    /// safe to repeat (200 with the execution the key started). A task at its concurrency limit answers 409.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="taskName">The task.</param>
    /// <param name="trigger">How the execution is started.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>202 (or 200 for a repeated key) with the execution, or a problem.</returns>
    public async Task<IResult> ExecuteAsync(HttpRequest request, string taskName, TriggerKind trigger, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
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
        int? timeoutMs = null;
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
                if (timeout.ValueKind != JsonValueKind.Number || !timeout.TryGetInt32(out int ms) || ms < 1 || ms > task.TimeoutMs)
                {
                    return ApiProblems.BadRequest(string.Create(
                        CultureInfo.InvariantCulture,
                        $"'timeoutMs' must be a whole number of milliseconds from 1 to {task.TimeoutMs} (the task's timeout); got {timeout.GetRawText()}."));
                }

                timeoutMs = ms;
            }
        }

        string? idempotencyKey = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            idempotencyKey = keyValues.ToString();
            if (keyValues.Count != 1 || idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength)
            {
                return ApiProblems.BadRequest(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The {IdempotencyKeyHeader} header must be one value of 1 to {MaxIdempotencyKeyLength} characters."));
            }
        }

        StartResult started = await _clients.Create(client)
            .StartAsync(task.Name, new StartRequest(trigger, parameters, timeoutMs, idempotencyKey), request.HttpContext.RequestAborted)
            .ConfigureAwait(false);
        if (started.Outcome == StartOutcome.Conflict)
        {
            return ApiProblems.Conflict(
                $"The task '{task.Name}' allows {task.ConcurrencyLimit} execution(s) at a time and that many are running: {string.Join(", ", started.RunningExecutionIds)}.",
                started.RunningExecutionIds);
        }

        ExecutionAccepted accepted = started.Execution!;
        request.HttpContext.Response.Headers.Location = TaskApiRoutes.ExecutionPath(accepted.ExecutionId);
        return Json(accepted, started.Outcome == StartOutcome.Existing ? StatusCodes.Status200OK : StatusCodes.Status202Accepted);
    }

    /// <summary><c>GET /tasks/running/execution/{executionId}</c>: one execution with its logs.</summary>
    /// <param name="request">The request.</param>
    /// <param name="executionId">The execution id.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>The execution, or a problem.</returns>
    public async Task<IResult> GetExecutionAsync(HttpRequest request, string executionId, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ExecutionIds.TryNormalize(executionId, out string? id))
        {
            return ApiProblems.BadRequest($"'{executionId}' is not a valid execution id: expected a UUID such as 550e8400-e29b-41d4-a716-446655440000.");
        }

        ExecutionView? view = await _clients.Create(client).GetAsync(id, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return view is null ? ApiProblems.NotFound($"There is no execution with id '{id}'.") : Json(view, StatusCodes.Status200OK);
    }

    /// <summary>
    /// <c>GET /tasks/running/{taskName}</c>: the task's executions, newest first. Query: <c>status</c>, <c>from</c>,
    /// <c>to</c>, <c>limit</c>, <c>continuationToken</c>; the next page's token comes back in the
    /// <c>x-ms-continuation-token</c> header, so that the body stays an array.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="taskName">The task.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>The executions, or a problem.</returns>
    public async Task<IResult> ListExecutionsAsync(HttpRequest request, string taskName, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_catalog.TryGet(taskName, out TaskDefinition? task))
        {
            return ApiProblems.UnknownTask(taskName);
        }

        Parsed<ExecutionListQuery> query = ReadListQuery(request);
        if (query.Failed)
        {
            return query.Problem!;
        }

        ExecutionPage page;
        try
        {
            page = await _clients.Create(client).ListAsync(task.Name, query.Value, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (query.Value.ContinuationToken is not null && ex is not OperationCanceledException)
        {
            return ApiProblems.BadRequest("The continuation token is not valid; use the one from the previous page's x-ms-continuation-token header.");
        }

        if (page.ContinuationToken is not null)
        {
            request.HttpContext.Response.Headers[TaskApiRoutes.ContinuationHeader] = page.ContinuationToken;
        }

        return Json(page.Items, StatusCodes.Status200OK);
    }

    /// <summary><c>DELETE /tasks/executions/cancel/by-ids</c>, body <c>{ "executionIds": [...] }</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>The cancelled, not found and not running ids, or a problem.</returns>
    public async Task<IResult> CancelByIdsAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        Parsed<IReadOnlyList<string>> ids = await ReadStringArrayAsync(request, "executionIds", MaxExecutionIds).ConfigureAwait(false);
        if (ids.Failed)
        {
            return ids.Problem!;
        }

        List<string> normalized = new(ids.Value.Count);
        for (int i = 0; i < ids.Value.Count; i++)
        {
            if (!ExecutionIds.TryNormalize(ids.Value[i], out string? id))
            {
                return ApiProblems.BadRequest(string.Create(
                    CultureInfo.InvariantCulture,
                    $"'executionIds[{i}]' ('{ids.Value[i]}') is not a valid execution id: expected a UUID."));
            }

            normalized.Add(id);
        }

        CancelByIdsResult result = await _clients.Create(client)
            .CancelAsync([.. normalized.Distinct(StringComparer.Ordinal)], request.HttpContext.RequestAborted)
            .ConfigureAwait(false);
        return Json(result, StatusCodes.Status200OK);
    }

    /// <summary><c>DELETE /tasks/executions/cancel/by-task-names</c>, body <c>{ "taskNames": [...] }</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>The cancelled ids and the unknown names, or a problem.</returns>
    public async Task<IResult> CancelByTaskNamesAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        Parsed<IReadOnlyList<string>> names = await ReadStringArrayAsync(request, "taskNames", MaxTaskNames).ConfigureAwait(false);
        if (names.Failed)
        {
            return names.Problem!;
        }

        CancelByTaskNamesResult result = await _clients.Create(client).CancelTasksAsync(names.Value, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Json(result, StatusCodes.Status200OK);
    }

    /// <summary><c>DELETE /tasks/executions/cancel/all</c>: cancels every running execution.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The host's durable client.</param>
    /// <returns>How many were cancelled.</returns>
    public async Task<IResult> CancelAllAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancelAllResult result = await _clients.Create(client).CancelAllAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        return Json(result, StatusCodes.Status200OK);
    }

    private static async Task<Parsed<IReadOnlyList<string>>> ReadStringArrayAsync(HttpRequest request, string property, int maxCount)
    {
        Parsed<JsonElement?> root = await RequestBody.ReadAsync(request).ConfigureAwait(false);
        if (!root.Failed)
        {
            root = RequestBody.RequireObject(root.Value, optional: false);
        }

        return root.Failed ? Parsed<IReadOnlyList<string>>.Fail(root.Problem!) : RequestBody.StringArray(root.Value!.Value, property, maxCount);
    }

    private static Parsed<ExecutionListQuery> ReadListQuery(HttpRequest request)
    {
        IQueryCollection query = request.Query;
        ExecutionStatus? status = null;
        if (query.TryGetValue("status", out var statusText))
        {
            status = statusText.ToString() switch
            {
                "running" => ExecutionStatus.Running,
                "completed" => ExecutionStatus.Completed,
                "failed" => ExecutionStatus.Failed,
                "cancelled" => ExecutionStatus.Cancelled,
                _ => null,
            };
            if (status is null)
            {
                return Parsed<ExecutionListQuery>.Fail(ApiProblems.BadRequest(
                    $"'status' must be one of running, completed, failed, cancelled; got '{statusText}'."));
            }
        }

        int limit = ExecutionListQuery.DefaultLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > ExecutionListQuery.MaxLimit))
        {
            return Parsed<ExecutionListQuery>.Fail(ApiProblems.BadRequest(string.Create(
                CultureInfo.InvariantCulture,
                $"'limit' must be a whole number from 1 to {ExecutionListQuery.MaxLimit}; got '{limitText}'.")));
        }

        if (!TryReadTime(query, "from", out DateTime? from, out IResult? problem) || !TryReadTime(query, "to", out DateTime? to, out problem))
        {
            return Parsed<ExecutionListQuery>.Fail(problem!);
        }

        if (from > to)
        {
            return Parsed<ExecutionListQuery>.Fail(ApiProblems.BadRequest("'from' must not be later than 'to'."));
        }

        string? token = query.TryGetValue("continuationToken", out var tokenText) ? tokenText.ToString() : request.Headers[TaskApiRoutes.ContinuationHeader].ToString();
        return Parsed<ExecutionListQuery>.Ok(new ExecutionListQuery(status, from, to, limit, string.IsNullOrEmpty(token) ? null : token));
    }

    private static bool TryReadTime(IQueryCollection query, string name, out DateTime? value, out IResult? problem)
    {
        value = null;
        problem = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        problem = ApiProblems.BadRequest($"'{name}' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got '{text}'.");
        return false;
    }

    private static IResult Json<T>(T value, int statusCode) =>
        Results.Json(value, TaskFunctionsJson.Options, contentType: "application/json; charset=utf-8", statusCode: statusCode);
}
