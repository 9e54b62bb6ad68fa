using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;

namespace TaskFunctions.OpenApi;

/// <summary>
/// Every route of the API as the OpenAPI document describes it: its method and path (<see cref="TaskApiRoutes"/>, as
/// both hosts map them), its operation id (the Functions app's function name), the parameters, body and answers. The
/// methods below are the routes' signatures for the generator, which reads their parameters and XML comments (of
/// internal methods: the generator skips private ones); they are never served (the hosts map <see cref="TaskApi"/>).
/// </summary>
internal static class TaskApiContract
{
    private const string ProblemJson = "application/problem+json";
    private const string Json = "application/json";

    private const string IdempotencyKey =
        "Makes the start safe to repeat: a repeat with the same key answers 200 with the execution the key started (1 to 200 characters, no control character).";

    private const string LastEventId =
        "The id of the last event a reconnecting client has (the seq of its last log entry): the stream resumes after it. 0 or absent: from the start.";

    /// <summary>Maps the described routes.</summary>
    /// <param name="routes">The routes of the document's generation.</param>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(TaskApiRoutes.Tasks, ListTasks).WithName(nameof(ListTasks)).WithTags("Tasks")
            .Produces<IReadOnlyList<TaskInfo>>();
        MapStart(routes.MapPost(TaskApiRoutes.ExecuteManual, ExecuteManual).WithName(nameof(ExecuteManual)));
        MapStart(routes.MapPost(TaskApiRoutes.ExecuteApi, ExecuteApi).WithName(nameof(ExecuteApi)));
        routes.MapGet(TaskApiRoutes.Execution, GetExecution).WithName(nameof(GetExecution)).WithTags("Executions")
            .Produces<ExecutionView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet(TaskApiRoutes.ExecutionEvents, ExecutionEvents).WithName(nameof(ExecutionEvents)).WithTags("Executions")
            .Produces<string>(StatusCodes.Status200OK, ServerSentEvents.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(OpenApiTransformers.DescribeEventStreamAsync);
        routes.MapGet(TaskApiRoutes.TaskExecutions, ListTaskExecutions).WithName(nameof(ListTaskExecutions)).WithTags("Executions")
            .Produces<IReadOnlyList<ExecutionView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                OpenApiTransformers.AddHeader(operation, "200", TaskApiRoutes.ContinuationHeader, "The token of the next page, when more remain.");
                OpenApiTransformers.AddHeader(operation, "200", "Link", "The next page's URL with the same filters (RFC 8288, rel=\"next\"), when more remain.");
                return Task.CompletedTask;
            });
        MapCancel(routes.MapDelete(TaskApiRoutes.CancelByIds, CancelByIds).WithName(nameof(CancelByIds))).Produces<CancelByIdsResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        MapCancel(routes.MapDelete(TaskApiRoutes.CancelByTaskNames, CancelByTaskNames).WithName(nameof(CancelByTaskNames))).Produces<CancelByTaskNamesResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        MapCancel(routes.MapDelete(TaskApiRoutes.CancelAll, CancelAll).WithName(nameof(CancelAll))).Produces<CancelAllResult>();
        MapStart(routes.MapPost(TaskApiRoutes.Replay, ReplayExecution).WithName(nameof(ReplayExecution)));
        routes.MapDelete(TaskApiRoutes.Purge, PurgeExecutions).WithName(nameof(PurgeExecutions)).WithTags("Retention")
            .Produces<TaskApi.PurgeAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapGet(TaskApiRoutes.OpenApiDocument, OpenApiDocument).WithName(nameof(OpenApiDocument)).WithTags("API")
            .Produces<JsonElement>(StatusCodes.Status200OK, Json);
    }

    private static void MapStart(RouteHandlerBuilder start) => start
        .WithTags("Executions")
        .Produces<ExecutionAccepted>(StatusCodes.Status202Accepted)
        .Produces<ExecutionAccepted>(StatusCodes.Status200OK)
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
        .Produces<ConcurrencyProblem>(StatusCodes.Status409Conflict, ProblemJson)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            OpenApiTransformers.AddHeader(operation, "202", "Location", "The path of the new execution's status.");
            OpenApiTransformers.AddHeader(operation, "200", "Location", "The path of the execution's status.");
            return Task.CompletedTask;
        });

    private static RouteHandlerBuilder MapCancel(RouteHandlerBuilder cancel) => cancel
        .WithTags("Cancel")
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The task catalog.</summary>
    /// <returns>The tasks.</returns>
    /// <response code="200">The tasks: name, description, timeout, retry policy and concurrency limit.</response>
    internal static IResult ListTasks() => Described();

    /// <summary>Starts an execution by hand; answers 202 before the task runs.</summary>
    /// <param name="taskName">A task of the catalog.</param>
    /// <param name="body">The task's params and a shorter timeout, both optional.</param>
    /// <param name="idempotencyKey">The Idempotency-Key header (described by its attribute: the generator names header parameters by the header).</param>
    /// <returns>The new execution.</returns>
    /// <response code="202">The execution is scheduled.</response>
    /// <response code="200">A repeated Idempotency-Key: the execution the key started.</response>
    /// <response code="409">The task runs as many executions as its concurrency limit allows (and its queue, if it has one, is full).</response>
    /// <response code="429">The client started more executions per minute than the local host allows (Security:StartsPerMinute).</response>
    internal static IResult ExecuteManual(string taskName, [FromBody] StartExecutionBody? body, [FromHeader(Name = TaskApi.IdempotencyKeyHeader), Description(IdempotencyKey)] string? idempotencyKey) =>
        Described();

    /// <summary>Starts an execution from another service; answers 202 before the task runs.</summary>
    /// <param name="taskName">A task of the catalog.</param>
    /// <param name="body">The task's params and a shorter timeout, both optional.</param>
    /// <param name="idempotencyKey">The Idempotency-Key header (described by its attribute: the generator names header parameters by the header).</param>
    /// <returns>The new execution.</returns>
    /// <response code="202">The execution is scheduled.</response>
    /// <response code="200">A repeated Idempotency-Key: the execution the key started.</response>
    /// <response code="409">The task runs as many executions as its concurrency limit allows (and its queue, if it has one, is full).</response>
    /// <response code="429">The client started more executions per minute than the local host allows (Security:StartsPerMinute).</response>
    internal static IResult ExecuteApi(string taskName, [FromBody] StartExecutionBody? body, [FromHeader(Name = TaskApi.IdempotencyKeyHeader), Description(IdempotencyKey)] string? idempotencyKey) =>
        Described();

    /// <summary>One execution: its status and its whole log, each entry with its seq.</summary>
    /// <param name="executionId">The execution id; an id that cannot be one answers 404.</param>
    /// <param name="after">Serve only the entries after this seq (the last one a poller has); 0 or absent for the whole log.</param>
    /// <returns>The execution.</returns>
    /// <response code="200">The execution, with the entries after <c>after</c>, in order and without gaps.</response>
    internal static IResult GetExecution(string executionId, [FromQuery] int? after) => Described();

    /// <summary>
    /// One execution's changes as Server-Sent Events: first the execution, then each new log entry and each change of
    /// status as they happen; the stream ends after a final status.
    /// </summary>
    /// <param name="executionId">The execution id; an id that cannot be one answers 404.</param>
    /// <param name="lastEventIdHeader">The Last-Event-ID header (described by its attribute).</param>
    /// <param name="lastEventId">The Last-Event-ID as a query parameter, for clients that cannot set headers; the header wins.</param>
    /// <returns>The event stream.</returns>
    /// <response code="200">The event stream.</response>
    internal static IResult ExecutionEvents(
        string executionId,
        [FromHeader(Name = TaskApi.LastEventIdHeader), Description(LastEventId)] int? lastEventIdHeader,
        [FromQuery(Name = TaskApi.LastEventIdQuery)] int? lastEventId) =>
        Described();

    /// <summary>A task's executions, newest first, a page at a time.</summary>
    /// <param name="taskName">A task of the catalog.</param>
    /// <param name="status">Only executions with this status.</param>
    /// <param name="from">Only executions started at or after this time (ISO-8601).</param>
    /// <param name="to">Only executions started at or before this time (ISO-8601).</param>
    /// <param name="limit">The most executions on a page, 1 to 100 (default 20).</param>
    /// <param name="continuationToken">The token of the page to read, from the previous page's x-ms-continuation-token header.</param>
    /// <param name="continuationTokenHeader">The x-ms-continuation-token header (described by its attribute).</param>
    /// <returns>The executions, each with its newest log entries.</returns>
    /// <response code="200">The executions, each with its newest log entries (omittedLogCount says how many older ones are left out).</response>
    internal static IResult ListTaskExecutions(
        string taskName,
        [FromQuery] ExecutionStatus? status,
        [FromQuery] DateTime? from,
        [FromQuery] DateTime? to,
        [FromQuery] int? limit,
        [FromQuery] string? continuationToken,
        [FromHeader(Name = TaskApiRoutes.ContinuationHeader), Description("The same token as a header; the query parameter wins.")] string? continuationTokenHeader) =>
        Described();

    /// <summary>Cancels executions by id.</summary>
    /// <param name="body">The ids, as the client has them.</param>
    /// <returns>Which ids were cancelled, name no execution, or name one that had already finished.</returns>
    /// <response code="200">Which ids were cancelled, name no execution, or name one that had already finished, each list in the request's order.</response>
    internal static IResult CancelByIds([FromBody] CancelByIdsBody body) => Described();

    /// <summary>Cancels every running execution of the named tasks.</summary>
    /// <param name="body">The task names.</param>
    /// <returns>The cancelled executions and the names that are not tasks.</returns>
    /// <response code="200">The cancelled executions and the names that are not tasks.</response>
    internal static IResult CancelByTaskNames([FromBody] CancelByTaskNamesBody body) => Described();

    /// <summary>Cancels every running execution.</summary>
    /// <returns>How many were cancelled.</returns>
    /// <response code="200">How many were cancelled.</response>
    internal static IResult CancelAll() => Described();

    /// <summary>Starts a new execution of an earlier one's task with its params (and its shorter timeout, if it set one), trigger replay.</summary>
    /// <param name="executionId">The execution to run again; an unknown id, or one that cannot be an id, answers 404.</param>
    /// <param name="idempotencyKey">The Idempotency-Key header (described by its attribute: the generator names header parameters by the header).</param>
    /// <returns>The new execution.</returns>
    /// <response code="202">The replay is scheduled; its view names the original in replayOf.</response>
    /// <response code="200">A repeated Idempotency-Key: the execution the key started.</response>
    /// <response code="409">The task runs as many executions as its concurrency limit allows (and its queue, if it has one, is full).</response>
    /// <response code="429">The client started more executions per minute than the local host allows (Security:StartsPerMinute).</response>
    internal static IResult ReplayExecution(string executionId, [FromHeader(Name = TaskApi.IdempotencyKeyHeader), Description(IdempotencyKey)] string? idempotencyKey) =>
        Described();

    /// <summary>Purges finished executions, with their archived log chunks, key claims and free slots; running ones never.</summary>
    /// <param name="before">Purge executions that finished before this moment (ISO-8601, required).</param>
    /// <param name="status">Only these outcomes (completed, failed, cancelled; repeated or comma-separated); all three when absent.</param>
    /// <returns>How many executions were purged.</returns>
    /// <response code="200">How many executions were purged.</response>
    internal static IResult PurgeExecutions([FromQuery] DateTimeOffset before, [FromQuery] string[]? status) => Described();

    /// <summary>This document: the API in OpenAPI 3.1.</summary>
    /// <returns>The document.</returns>
    /// <response code="200">The document.</response>
    internal static IResult OpenApiDocument() => Described();

    internal static IResult Described() => throw new NotSupportedException("The routes of the OpenAPI document are described, not served.");
}
