using System.Text.Json;
using Microsoft.AspNetCore.Http;
using TaskFunctions.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Http;

/// <summary>The routes that cancel executions: by id, by task name, and all.</summary>
public sealed partial class TaskApi
{
    /// <summary><c>DELETE /tasks/executions/cancel/by-ids</c>, body <c>{ "executionIds": [...] }</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>The cancelled, not found and not running ids, or a problem.</returns>
    public async Task<IResult> CancelByIdsAsync(HttpRequest request, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        Parsed<IReadOnlyList<string>> ids = await ReadStringArrayAsync(request, "executionIds", MaxExecutionIds).ConfigureAwait(false);
        if (ids.Failed)
        {
            return ids.Problem!;
        }

        // Any string is an id, as the specification's example sends: one that cannot be an execution id is not
        // found. The lists keep the request's order and the ids as the client sent them.
        Dictionary<string, string> canonical = new(StringComparer.Ordinal);
        foreach (string value in ids.Value)
        {
            if (ExecutionIds.TryNormalize(value, out string? id))
            {
                canonical[value] = id;
            }
        }

        Parsed<CancelByIdsResult> call = await StoreAsync(executions
            .CancelAsync([.. canonical.Values.Distinct(StringComparer.Ordinal)], request.HttpContext.RequestAborted))
            .ConfigureAwait(false);
        if (call.Failed)
        {
            return call.Problem!;
        }

        CancelByIdsResult result = call.Value;
        var cancelled = new HashSet<string>(result.Cancelled, StringComparer.Ordinal);
        var notRunning = new HashSet<string>(result.NotRunning, StringComparer.Ordinal);
        List<string> cancelledAsSent = [], notFoundAsSent = [], notRunningAsSent = [];
        foreach (string value in ids.Value)
        {
            List<string> list = !canonical.TryGetValue(value, out string? id) ? notFoundAsSent
                : cancelled.Contains(id) ? cancelledAsSent
                : notRunning.Contains(id) ? notRunningAsSent
                : notFoundAsSent;
            list.Add(value);
        }

        return Json(
            new CancelByIdsResult(cancelledAsSent, notFoundAsSent, notRunningAsSent),
            StatusCodes.Status200OK);
    }

    /// <summary><c>DELETE /tasks/executions/cancel/by-task-names</c>, body <c>{ "taskNames": [...] }</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>The cancelled ids and the unknown names, or a problem.</returns>
    public async Task<IResult> CancelByTaskNamesAsync(HttpRequest request, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        Parsed<IReadOnlyList<string>> names = await ReadStringArrayAsync(request, "taskNames", MaxTaskNames).ConfigureAwait(false);
        if (names.Failed)
        {
            return names.Problem!;
        }

        Parsed<CancelByTaskNamesResult> result = await StoreAsync(executions.CancelTasksAsync(names.Value, request.HttpContext.RequestAborted)).ConfigureAwait(false);
        return result.Failed ? result.Problem! : Json(result.Value, StatusCodes.Status200OK);
    }

    /// <summary><c>DELETE /tasks/executions/cancel/all</c>: cancels every running execution.</summary>
    /// <param name="request">The request.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>How many were cancelled.</returns>
    public async Task<IResult> CancelAllAsync(HttpRequest request, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        Parsed<CancelAllResult> result = await StoreAsync(executions.CancelAllAsync(request.HttpContext.RequestAborted)).ConfigureAwait(false);
        return result.Failed ? result.Problem! : Json(result.Value, StatusCodes.Status200OK);
    }

    private static async Task<Parsed<IReadOnlyList<string>>> ReadStringArrayAsync(HttpRequest request, string property, int maxCount)
    {
        Parsed<JsonElement?> root = await RequestBody.ReadAsync(request).ConfigureAwait(false);
        if (!root.Failed)
        {
            root = RequestBody.RequireObject(root.Value, optional: false);
        }

        return root.Failed ? Parsed<IReadOnlyList<string>>.Fail(root.Problem!) : RequestBody.StringArray(root.Value!.Value, property, maxCount, allowEmpty: true);
    }
}
