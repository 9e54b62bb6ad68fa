using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Http;

/// <summary>RFC 9457 problem details for the errors the API returns.</summary>
internal static class ApiProblems
{
    /// <summary>How long a client is asked to wait before it retries a call the task store could not serve.</summary>
    private const int RetryAfterSeconds = 5;

    /// <summary>400: the request is malformed; <paramref name="detail"/> says what is wrong.</summary>
    /// <param name="detail">What is wrong.</param>
    /// <returns>The result.</returns>
    public static IResult BadRequest(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.");

    /// <summary>404: the task or execution does not exist.</summary>
    /// <param name="detail">What was not found.</param>
    /// <returns>The result.</returns>
    public static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    /// <summary>413: the body is larger than the API accepts.</summary>
    /// <param name="detail">The limit.</param>
    /// <returns>The result.</returns>
    public static IResult TooLarge(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");

    /// <summary>409: the task's concurrency limit is reached.</summary>
    /// <param name="detail">What is running.</param>
    /// <param name="runningExecutionIds">The executions holding the task's slots.</param>
    /// <returns>The result.</returns>
    public static IResult Conflict(string detail, IReadOnlyList<string> runningExecutionIds) =>
        Results.Problem(
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            title: "The task is already running.",
            extensions: new Dictionary<string, object?> { ["runningExecutionIds"] = runningExecutionIds });

    /// <summary>409 for a start of a task that queues when its running places and its queue are all taken.</summary>
    /// <param name="detail">What happened.</param>
    /// <param name="runningExecutionIds">The executions running.</param>
    /// <param name="queuedExecutionIds">The executions waiting, in order.</param>
    /// <returns>The result.</returns>
    public static IResult QueueFull(string detail, IReadOnlyList<string> runningExecutionIds, IReadOnlyList<string> queuedExecutionIds) =>
        Results.Problem(
            detail: detail,
            statusCode: StatusCodes.Status409Conflict,
            title: "The task's queue is full.",
            extensions: new Dictionary<string, object?>
            {
                ["runningExecutionIds"] = runningExecutionIds,
                ["queuedExecutionIds"] = queuedExecutionIds,
            });

    /// <summary>503: the task hub's storage did not answer in time or failed; the client may retry after a while.</summary>
    /// <param name="detail">What happened.</param>
    /// <returns>The result, with a <c>Retry-After</c> header.</returns>
    public static IResult StoreUnavailable(string detail) => new RetryAfter(
        Results.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The task store is unavailable."),
        RetryAfterSeconds);

    /// <summary>404 for a task name that is not in the catalog.</summary>
    /// <param name="taskName">The name.</param>
    /// <returns>The result.</returns>
    public static IResult UnknownTask(string taskName) =>
        NotFound($"There is no task named '{taskName}'. GET /tasks lists the tasks.");

    /// <summary>A result that also tells the client when to retry.</summary>
    private sealed class RetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
