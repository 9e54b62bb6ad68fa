using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Execution;
using TaskFunctions.Client;
using TaskFunctions.Http;

namespace TaskFunctions.Functions;

/// <summary>The HTTP functions that start executions: by task name, and as a replay of an earlier one.</summary>
public sealed class ExecuteFunctions
{
    private readonly TaskApi _api;
    private readonly TaskExecutionClientFactory _clients;

    /// <summary>Initializes a new instance of the <see cref="ExecuteFunctions"/> class.</summary>
    /// <param name="api">The HTTP API of the core.</param>
    /// <param name="clients">Makes the execution client over the durable client a trigger is given.</param>
    public ExecuteFunctions(TaskApi api, TaskExecutionClientFactory clients)
    {
        _api = api;
        _clients = clients;
    }

    /// <summary><c>POST tasks/{taskName}/execute/manual</c>: starts an execution by hand.</summary>
    /// <param name="request">The request, body <c>{ "params": { … } }</c>.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="taskName">The task.</param>
    /// <returns>202 with the execution, or a problem.</returns>
    [Function(FunctionNames.ExecuteManual)]
    public Task<IResult> ExecuteManualAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = TaskApiRoutes.ExecuteManual)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string taskName) =>
        _api.ExecuteAsync(request, taskName, TriggerKind.Manual, _clients.Create(client));

    /// <summary><c>POST tasks/{taskName}/execute/api</c>: starts an execution from another service.</summary>
    /// <param name="request">The request, body <c>{ "params": { … } }</c>.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="taskName">The task.</param>
    /// <returns>202 with the execution, or a problem.</returns>
    [Function(FunctionNames.ExecuteApi)]
    public Task<IResult> ExecuteApiAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = TaskApiRoutes.ExecuteApi)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string taskName) =>
        _api.ExecuteAsync(request, taskName, TriggerKind.Api, _clients.Create(client));

    /// <summary><c>POST tasks/running/execution/{executionId}/replay</c>: starts a new execution with an earlier one's task and params.</summary>
    /// <param name="request">The request.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="executionId">The execution to run again.</param>
    /// <returns>202 with the new execution, or a problem.</returns>
    [Function(FunctionNames.ReplayExecution)]
    public Task<IResult> ReplayExecutionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = TaskApiRoutes.Replay)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string executionId) =>
        _api.ReplayAsync(request, executionId, _clients.Create(client));
}
