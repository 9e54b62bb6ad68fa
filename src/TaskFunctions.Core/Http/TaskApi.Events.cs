using Microsoft.AspNetCore.Http;
using TaskFunctions.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Http;

/// <summary>The route that streams an execution's changes as Server-Sent Events.</summary>
public sealed partial class TaskApi
{
    /// <summary>The request header with which a reconnecting event stream names the last event it has.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The query parameter that carries the same, for clients that cannot set headers.</summary>
    public const string LastEventIdQuery = "lastEventId";

    /// <summary>Gets how long an event stream may stay silent before it sends a keep-alive comment (15 s).</summary>
    public static TimeSpan EventsKeepAlive { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets the reconnection time an event stream tells its client (2 s).</summary>
    public static TimeSpan EventsRetry { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the keep-alive interval of this instance's streams (tests shorten it).</summary>
    internal TimeSpan KeepAlive { get; init; } = EventsKeepAlive;

    /// <summary>
    /// <c>GET /tasks/running/execution/{executionId}/events</c>: Server-Sent Events. First <c>execution</c>, the
    /// execution with the entries after the <c>Last-Event-ID</c> header (or <c>lastEventId</c> query parameter; 0 when
    /// neither is given) exactly as the status route serves it with <c>?after=</c>; then <c>log</c> for each new entry
    /// (id: its seq) and <c>status</c> when the status changes. The stream ends after a final status. An unknown id
    /// answers 404 and an unavailable store 503, before the stream starts.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="executionId">The execution id.</param>
    /// <param name="executions">The execution client of the host.</param>
    /// <returns>The event stream, or a problem.</returns>
    public async Task<IResult> StreamExecutionEventsAsync(HttpRequest request, string executionId, TaskExecutionClient executions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(executions);
        if (!ExecutionIds.TryNormalize(executionId, out string? id))
        {
            return ApiProblems.NotFound($"There is no execution with id '{executionId}'.");
        }

        if (!ServerSentEvents.TryReadLastEventId(request.Headers[LastEventIdHeader], request.Query[LastEventIdQuery], out int after))
        {
            return ApiProblems.BadRequest(
                $"'{LastEventIdHeader}' (or '{LastEventIdQuery}') must be the id of an event of this stream, the seq of a log entry: a whole number of 0 or more.");
        }

        Parsed<ExecutionWatch?> watch = await StoreAsync(executions.WatchAsync(id, after, request.HttpContext.RequestAborted)).ConfigureAwait(false);
        return watch.Failed ? watch.Problem!
            : watch.Value is null ? ApiProblems.NotFound($"There is no execution with id '{id}'.")
            : new ExecutionEventStream(watch.Value, KeepAlive, EventsRetry);
    }
}
