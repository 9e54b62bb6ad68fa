namespace TaskFunctions.Functions;

/// <summary>The names of the HTTP functions, as the Functions host lists them.</summary>
public static class FunctionNames
{
    /// <summary><c>GET tasks</c>.</summary>
    public const string ListTasks = "ListTasks";

    /// <summary><c>POST tasks/{taskName}/execute/manual</c>.</summary>
    public const string ExecuteManual = "ExecuteManual";

    /// <summary><c>POST tasks/{taskName}/execute/api</c>.</summary>
    public const string ExecuteApi = "ExecuteApi";

    /// <summary><c>GET tasks/running/execution/{executionId}</c>.</summary>
    public const string GetExecution = "GetExecution";

    /// <summary><c>GET tasks/running/execution/{executionId}/events</c>.</summary>
    public const string ExecutionEvents = "ExecutionEvents";

    /// <summary><c>GET tasks/running/{taskName}</c>.</summary>
    public const string ListTaskExecutions = "ListTaskExecutions";

    /// <summary><c>DELETE tasks/executions/cancel/by-ids</c>.</summary>
    public const string CancelByIds = "CancelByIds";

    /// <summary><c>DELETE tasks/executions/cancel/by-task-names</c>.</summary>
    public const string CancelByTaskNames = "CancelByTaskNames";

    /// <summary><c>DELETE tasks/executions/cancel/all</c>.</summary>
    public const string CancelAll = "CancelAll";

    /// <summary><c>GET dashboard/{*path}</c>: the dashboard page and its files.</summary>
    public const string Dashboard = "Dashboard";

    /// <summary><c>GET openapi.json</c>.</summary>
    public const string OpenApiDocument = "OpenApiDocument";

    /// <summary><c>POST tasks/running/execution/{executionId}/replay</c>.</summary>
    public const string ReplayExecution = "ReplayExecution";

    /// <summary><c>DELETE tasks/executions/purge</c>.</summary>
    public const string PurgeExecutions = "PurgeExecutions";
}
