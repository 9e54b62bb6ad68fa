using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Http;

/// <summary>The routes that read executions: one by id, and a task's list.</summary>
public sealed partial class TaskApi
{
    /// <summary>
    /// <c>GET /tasks/running/execution/{executionId}</c>: one execution with its whole log, each entry with its
    /// <c>seq</c>; with <c>?after=n</c>, only the entries after the n-th.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="executionId">The execution id.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>The execution, or a problem.</returns>
    public async Task<IResult> GetExecutionAsync(HttpRequest request, string executionId, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        if (!ExecutionIds.TryNormalize(executionId, out string? id))
        {
            // An id that cannot exist is not found, like any unknown id.
            return ApiProblems.NotFound($"There is no execution with id '{executionId}'.");
        }

        int after = 0;
        if (request.Query.TryGetValue("after", out var afterText)
            && (afterText.Count != 1 || !int.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            return ApiProblems.BadRequest($"'after' must be the seq of a log entry, a whole number of 0 or more; got '{afterText}'.");
        }

        Parsed<ExecutionView?> view = await StoreAsync(executions.GetAsync(id, after, request.HttpContext.RequestAborted)).ConfigureAwait(false);
        return view.Failed ? view.Problem!
            : view.Value is null ? ApiProblems.NotFound($"There is no execution with id '{id}'.")
            : Json(view.Value, StatusCodes.Status200OK);
    }

    /// <summary>
    /// <c>GET /tasks/running/{taskName}</c>: the task's executions, newest first. Query: <c>status</c>, <c>from</c>,
    /// <c>to</c>, <c>limit</c>, <c>continuationToken</c>; the next page's token comes back in the
    /// <c>x-ms-continuation-token</c> header, so that the body stays an array.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="taskName">The task.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>The executions, or a problem.</returns>
    public async Task<IResult> ListExecutionsAsync(HttpRequest request, string taskName, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
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
            page = await executions.ListAsync(task.Name, query.Value, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (TaskStoreUnavailableException ex)
        {
            return ApiProblems.StoreUnavailable(ex.Message);
        }
        catch (Exception ex) when (query.Value.ContinuationToken is not null && ex is not OperationCanceledException)
        {
            return ApiProblems.BadRequest("The continuation token is not valid; use the one from the previous page's x-ms-continuation-token header.");
        }

        if (page.ContinuationToken is not null)
        {
            request.HttpContext.Response.Headers[TaskApiRoutes.ContinuationHeader] = page.ContinuationToken;
            request.HttpContext.Response.Headers.Link = $"<{NextPage(request, page.ContinuationToken)}>; rel=\"next\"";
        }

        return Json(page.Items, StatusCodes.Status200OK);
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

    /// <summary>The relative URL of the next page (RFC 8288 <c>Link</c>): the same path and filters, with the next token.</summary>
    private static string NextPage(HttpRequest request, string continuationToken)
    {
        IEnumerable<KeyValuePair<string, string?>> filters = request.Query
            .Where(q => !string.Equals(q.Key, "continuationToken", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return QueryHelpers.AddQueryString(
            request.PathBase.Add(request.Path).ToString(),
            [.. filters, new KeyValuePair<string, string?>("continuationToken", continuationToken)]);
    }
}
