using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Http;

namespace TaskFunctions.Functions;

/// <summary>The HTTP functions that read executions.</summary>
public sealed class ExecutionQueryFunctions
{
    private readonly TaskApi _api;

    /// <summary>Initializes a new instance of the <see cref="ExecutionQueryFunctions"/> class.</summary>
    /// <param name="api">The HTTP API of the core.</param>
    public ExecutionQueryFunctions(TaskApi api)
    {
        _api = api;
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
        _api.GetExecutionAsync(request, executionId, client);

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
        _api.ListExecutionsAsync(request, taskName, client);
}
