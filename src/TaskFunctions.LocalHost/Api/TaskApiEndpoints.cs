using Microsoft.DurableTask.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;

namespace TaskFunctions.LocalHost.Api;

/// <summary>Maps the routes of the HTTP API to <see cref="TaskApi"/>, as the Functions app's triggers do.</summary>
internal static class TaskApiEndpoints
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TaskApiRoutes.Tasks, (TaskApi api) => api.ListTasks());
        endpoints.MapPost(TaskApiRoutes.ExecuteManual, (HttpRequest request, string taskName, TaskApi api, DurableTaskClient client) =>
            api.ExecuteAsync(request, taskName, TriggerKind.Manual, client));
        endpoints.MapPost(TaskApiRoutes.ExecuteApi, (HttpRequest request, string taskName, TaskApi api, DurableTaskClient client) =>
            api.ExecuteAsync(request, taskName, TriggerKind.Api, client));
        endpoints.MapGet(TaskApiRoutes.Execution, (HttpRequest request, string executionId, TaskApi api, DurableTaskClient client) =>
            api.GetExecutionAsync(request, executionId, client));
        endpoints.MapGet(TaskApiRoutes.TaskExecutions, (HttpRequest request, string taskName, TaskApi api, DurableTaskClient client) =>
            api.ListExecutionsAsync(request, taskName, client));
        endpoints.MapDelete(TaskApiRoutes.CancelByIds, (HttpRequest request, TaskApi api, DurableTaskClient client) =>
            api.CancelByIdsAsync(request, client));
        endpoints.MapDelete(TaskApiRoutes.CancelByTaskNames, (HttpRequest request, TaskApi api, DurableTaskClient client) =>
            api.CancelByTaskNamesAsync(request, client));
        endpoints.MapDelete(TaskApiRoutes.CancelAll, (HttpRequest request, TaskApi api, DurableTaskClient client) =>
            api.CancelAllAsync(request, client));
        return endpoints;
    }
}
