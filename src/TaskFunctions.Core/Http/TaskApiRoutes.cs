namespace TaskFunctions.Http;

/// <summary>The routes of the HTTP API, shared by the Functions app and the local host.</summary>
public static class TaskApiRoutes
{
    /// <summary>GET: the task catalog.</summary>
    public const string Tasks = "tasks";

    /// <summary>POST: start an execution by hand.</summary>
    public const string ExecuteManual = "tasks/{taskName}/execute/manual";

    /// <summary>POST: start an execution from another service.</summary>
    public const string ExecuteApi = "tasks/{taskName}/execute/api";

    /// <summary>GET: one execution with its logs.</summary>
    public const string Execution = "tasks/running/execution/{executionId}";

    /// <summary>GET: one execution's changes as Server-Sent Events.</summary>
    public const string ExecutionEvents = "tasks/running/execution/{executionId}/events";

    /// <summary>GET: a task's executions, newest first.</summary>
    public const string TaskExecutions = "tasks/running/{taskName}";

    /// <summary>DELETE: cancel executions by id.</summary>
    public const string CancelByIds = "tasks/executions/cancel/by-ids";

    /// <summary>DELETE: cancel the running executions of tasks by name.</summary>
    public const string CancelByTaskNames = "tasks/executions/cancel/by-task-names";

    /// <summary>DELETE: cancel every running execution.</summary>
    public const string CancelAll = "tasks/executions/cancel/all";

    /// <summary>GET: the OpenAPI document of the API.</summary>
    public const string OpenApiDocument = "openapi.json";

    /// <summary>POST: start a new execution with the task and params of an earlier one.</summary>
    public const string Replay = "tasks/running/execution/{executionId}/replay";

    /// <summary>DELETE: purge finished executions.</summary>
    public const string Purge = "tasks/executions/purge";

    /// <summary>The path of one execution, as sent in the <c>Location</c> header.</summary>
    /// <param name="executionId">The execution id.</param>
    /// <returns>The path.</returns>
    public static string ExecutionPath(string executionId) => "/tasks/running/execution/" + executionId;

    /// <summary>The header that carries the continuation token of a list.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";
}
