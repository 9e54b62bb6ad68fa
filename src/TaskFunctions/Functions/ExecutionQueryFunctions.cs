using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Client;
using TaskFunctions.Http;

namespace TaskFunctions.Functions;

/// <summary>The HTTP functions that read executions.</summary>
public sealed class ExecutionQueryFunctions
{
    private readonly TaskApi _api;
    private readonly TaskExecutionClientFactory _clients;

    /// <summary>Initializes a new instance of the <see cref="ExecutionQueryFunctions"/> class.</summary>
    /// <param name="api">The HTTP API of the core.</param>
    /// <param name="clients">Makes the execution client over the durable client a trigger is given.</param>
    public ExecutionQueryFunctions(TaskApi api, TaskExecutionClientFactory clients)
    {
        _api = api;
        _clients = clients;
    }

    /// <summary><c>GET tasks/running/execution/{executionId}</c>: one execution with its logs.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="executionId">The execution id.</param>
    /// <returns>The execution, or a problem.</returns>
    [Function(FunctionNames.GetExecution)]
    public Task<IResult> GetExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TaskApiRoutes.Execution)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string executionId) =>
        _api.GetExecutionAsync(request, executionId, _clients.Create(client));

    /// <summary><c>GET tasks/running/execution/{executionId}/events</c>: the execution's changes as Server-Sent Events.</summary>
    /// <param name="request">The request, with its <c>Last-Event-ID</c>.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="executionId">The execution id.</param>
    /// <returns>The event stream, or a problem.</returns>
    [Function(FunctionNames.ExecutionEvents)]
    public Task<IResult> ExecutionEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TaskApiRoutes.ExecutionEvents)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string executionId) =>
        _api.StreamExecutionEventsAsync(request, executionId, _clients.Create(client));

    /// <summary><c>GET tasks/running/{taskName}</c>: the task's executions, newest first.</summary>
    /// <param name="request">The request, with the list's query parameters.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="taskName">The task.</param>
    /// <returns>The executions, or a problem.</returns>
    [Function(FunctionNames.ListTaskExecutions)]
    public Task<IResult> ListTaskExecutionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TaskApiRoutes.TaskExecutions)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string taskName) =>
        _api.ListExecutionsAsync(request, taskName, _clients.Create(client));
}
