using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using TaskFunctions.Http;

namespace TaskFunctions.Functions;

/// <summary>The HTTP function that lists the task catalog.</summary>
public sealed class TaskCatalogFunctions
{
    private readonly TaskApi _api;

    /// <summary>Initializes a new instance of the <see cref="TaskCatalogFunctions"/> class.</summary>
    /// <param name="api">The HTTP API of the core.</param>
    public TaskCatalogFunctions(TaskApi api)
    {
        _api = api;
    }

    /// <summary><c>GET tasks</c>: the task catalog.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The tasks.</returns>
    [Function(FunctionNames.ListTasks)]
    public IResult ListTasks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TaskApiRoutes.Tasks)] HttpRequest request) =>
        _api.ListTasks();
}
