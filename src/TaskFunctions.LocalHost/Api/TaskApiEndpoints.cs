using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.LocalHost.Security;
using TaskFunctions.OpenApi;

namespace TaskFunctions.LocalHost.Api;

/// <summary>Maps the routes of the HTTP API to <see cref="TaskApi"/>, as the Functions app's triggers do.</summary>
internal static class TaskApiEndpoints
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TaskApiRoutes.Tasks, (TaskApi api) => api.ListTasks());
        endpoints.MapPost(TaskApiRoutes.ExecuteManual, (HttpRequest request, string taskName, TaskApi api, TaskExecutionClient executions) =>
            api.ExecuteAsync(request, taskName, TriggerKind.Manual, executions))
            .RequireRateLimiting(SecurityExtensions.StartsPolicy);
        endpoints.MapPost(TaskApiRoutes.ExecuteApi, (HttpRequest request, string taskName, TaskApi api, TaskExecutionClient executions) =>
            api.ExecuteAsync(request, taskName, TriggerKind.Api, executions))
            .RequireRateLimiting(SecurityExtensions.StartsPolicy);
        endpoints.MapGet(TaskApiRoutes.Execution, (HttpRequest request, string executionId, TaskApi api, TaskExecutionClient executions) =>
            api.GetExecutionAsync(request, executionId, executions));
        endpoints.MapGet(TaskApiRoutes.ExecutionEvents, (HttpRequest request, string executionId, TaskApi api, TaskExecutionClient executions) =>
            api.StreamExecutionEventsAsync(request, executionId, executions));
        endpoints.MapPost(TaskApiRoutes.Replay, (HttpRequest request, string executionId, TaskApi api, TaskExecutionClient executions) =>
            api.ReplayAsync(request, executionId, executions))
            .RequireRateLimiting(SecurityExtensions.StartsPolicy);
        endpoints.MapGet(TaskApiRoutes.TaskExecutions, (HttpRequest request, string taskName, TaskApi api, TaskExecutionClient executions) =>
            api.ListExecutionsAsync(request, taskName, executions));
        endpoints.MapDelete(TaskApiRoutes.CancelByIds, (HttpRequest request, TaskApi api, TaskExecutionClient executions) =>
            api.CancelByIdsAsync(request, executions));
        endpoints.MapDelete(TaskApiRoutes.CancelByTaskNames, (HttpRequest request, TaskApi api, TaskExecutionClient executions) =>
            api.CancelByTaskNamesAsync(request, executions));
        endpoints.MapDelete(TaskApiRoutes.CancelAll, (HttpRequest request, TaskApi api, TaskExecutionClient executions) =>
            api.CancelAllAsync(request, executions));
        endpoints.MapGet(TaskApiRoutes.OpenApiDocument, (TaskApiDocument document) => document.ServeAsync());
        endpoints.MapDelete(TaskApiRoutes.Purge, (HttpRequest request, TaskApi api, TaskExecutionClient executions) =>
            api.PurgeAsync(request, executions));
        return endpoints;
    }
}
