using Microsoft.AspNetCore.Http;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Http;

/// <summary>The route that runs an execution again.</summary>
public sealed partial class TaskApi
{
    /// <summary>
    /// <c>POST /tasks/running/execution/{executionId}/replay</c>: starts a new execution of the execution's task with
    /// the same params (and the same shorter timeout, if it asked for one), trigger <c>replay</c>, and answers as a
    /// start does: 202 with <c>Location</c>, 200 for a repeated <c>Idempotency-Key</c>, 409 at the task's concurrency
    /// limit. The body is not read. An unknown execution, or an id that cannot be one, is 404.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="executionId">The execution to run again.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>The new execution, or a problem.</returns>
    public async Task<IResult> ReplayAsync(HttpRequest request, string executionId, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        if (!ExecutionIds.TryNormalize(executionId, out string? id))
        {
            return ApiProblems.NotFound($"There is no execution with id '{executionId}'.");
        }

        Parsed<string?> idempotencyKey = ReadIdempotencyKey(request);
        if (idempotencyKey.Failed)
        {
            return idempotencyKey.Problem!;
        }

        Parsed<ReplayResult?> call;
        try
        {
            call = await StoreAsync(executions.ReplayAsync(id, idempotencyKey.Value, request.HttpContext.RequestAborted)).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            // The execution's task is no longer in the catalog.
            return ApiProblems.NotFound($"The execution '{id}' cannot be replayed: {ex.Message}");
        }

        if (call.Failed)
        {
            return call.Problem!;
        }

        if (call.Value is not { } replay || !_catalog.TryGet(replay.TaskName, out TaskDefinition? task))
        {
            return ApiProblems.NotFound($"There is no execution with id '{id}'.");
        }

        if (replay.Start.Outcome == StartOutcome.Invalid)
        {
            // The task's params type changed since the execution ran.
            return ApiProblems.BadRequest($"The execution '{id}' cannot be replayed: {replay.Start.Problem}");
        }

        return StartAnswer(request, task, replay.Start);
    }
}
