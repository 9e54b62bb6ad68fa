using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Client;
using TaskFunctions.Http;

namespace TaskFunctions.Functions;

/// <summary>The HTTP functions that cancel executions.</summary>
public sealed class CancelFunctions
{
    private readonly TaskApi _api;
    private readonly TaskExecutionClientFactory _clients;

    /// <summary>Initializes a new instance of the <see cref="CancelFunctions"/> class.</summary>
    /// <param name="api">The HTTP API of the core.</param>
    /// <param name="clients">Makes the execution client over the durable client a trigger is given.</param>
    public CancelFunctions(TaskApi api, TaskExecutionClientFactory clients)
    {
        _api = api;
        _clients = clients;
    }

    /// <summary><c>DELETE tasks/executions/cancel/by-ids</c>, body <c>{ "executionIds": [...] }</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <returns>The cancelled, not found and not running ids, or a problem.</returns>
    [Function(FunctionNames.CancelByIds)]
    public Task<IResult> CancelByIdsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TaskApiRoutes.CancelByIds)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        _api.CancelByIdsAsync(request, _clients.Create(client));

    /// <summary><c>DELETE tasks/executions/cancel/by-task-names</c>, body <c>{ "taskNames": [...] }</c>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <returns>The cancelled ids and the unknown names, or a problem.</returns>
    [Function(FunctionNames.CancelByTaskNames)]
    public Task<IResult> CancelByTaskNamesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TaskApiRoutes.CancelByTaskNames)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        _api.CancelByTaskNamesAsync(request, _clients.Create(client));

    /// <summary><c>DELETE tasks/executions/cancel/all</c>: cancels every running execution.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <returns>How many executions were cancelled.</returns>
    [Function(FunctionNames.CancelAll)]
    public Task<IResult> CancelAllAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TaskApiRoutes.CancelAll)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        _api.CancelAllAsync(request, _clients.Create(client));
}
