using Microsoft.AspNetCore.Http;
using TaskFunctions.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Http;

/// <summary>The route that purges finished executions on demand.</summary>
public sealed partial class TaskApi
{
    /// <summary>
    /// <c>DELETE /tasks/executions/purge?before=&lt;ISO-8601&gt;&amp;status=&lt;status&gt;</c>: purges the executions that
    /// finished before <c>before</c> (required) with their archived log chunks and idempotency key claims, and the
    /// concurrency slots that are free. <c>status</c> (repeated, or comma-separated) narrows it to completed, failed
    /// or cancelled executions; running ones are never purged (<c>status=running</c> is 400). Answers
    /// <c>{ "purged": n }</c>, the number of executions purged.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>How many executions were purged, or a problem.</returns>
    public async Task<IResult> PurgeAsync(HttpRequest request, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        Parsed<PurgeQuery> query = ReadPurgeQuery(request.Query);
        if (query.Failed)
        {
            return query.Problem!;
        }

        Parsed<PurgeReport> call = await StoreAsync(executions.PurgeAsync(query.Value, request.HttpContext.RequestAborted)).ConfigureAwait(false);
        return call.Failed ? call.Problem! : Json(new PurgeAnswer(call.Value.Purged), StatusCodes.Status200OK);
    }

    /// <summary>Reads <c>before</c> (required) and <c>status</c> (any number) of a purge request.</summary>
    /// <param name="query">The query string.</param>
    /// <returns>The purge query, or the problem that names what is wrong.</returns>
    internal static Parsed<PurgeQuery> ReadPurgeQuery(IQueryCollection query)
    {
        if (!query.ContainsKey("before"))
        {
            return Parsed<PurgeQuery>.Fail(ApiProblems.BadRequest(
                "'before' is required: the ISO-8601 date-time before which the executions to purge finished, such as 2025-11-25T11:05:00Z."));
        }

        if (!TryReadTime(query, "before", out DateTime? before, out IResult? problem))
        {
            return Parsed<PurgeQuery>.Fail(problem!);
        }

        List<ExecutionStatus> statuses = [];
        IEnumerable<string> names = query.TryGetValue("status", out var values)
            ? values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
            : [];
        foreach (string name in names)
        {
            switch (name)
            {
                case "completed":
                    statuses.Add(ExecutionStatus.Completed);
                    break;
                case "failed":
                    statuses.Add(ExecutionStatus.Failed);
                    break;
                case "cancelled":
                    statuses.Add(ExecutionStatus.Cancelled);
                    break;
                case "running":
                    return Parsed<PurgeQuery>.Fail(ApiProblems.BadRequest("'status' cannot be running: running executions are never purged."));
                default:
                    return Parsed<PurgeQuery>.Fail(ApiProblems.BadRequest($"'status' must be completed, failed or cancelled; got '{name}'."));
            }
        }

        return Parsed<PurgeQuery>.Ok(new PurgeQuery(before!.Value, statuses));
    }

    /// <summary>The answer to a purge.</summary>
    /// <param name="Purged">How many executions were purged.</param>
    internal sealed record PurgeAnswer(int Purged);
}
