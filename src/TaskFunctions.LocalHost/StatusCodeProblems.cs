namespace TaskFunctions.LocalHost;

/// <summary>
/// Gives the problem details the framework writes itself (an unknown route, a method a route does not take, an
/// unhandled error) a <c>detail</c> that says what is wrong, as the API's own problems have; none shows internals.
/// </summary>
internal static class StatusCodeProblems
{
    /// <summary>Sets the detail of problems that have none.</summary>
    /// <param name="options">The problem details options.</param>
    public static void Configure(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context => context.ProblemDetails.Detail ??= Describe(context.HttpContext, context.ProblemDetails.Status);

    private static string Describe(HttpContext http, int? status)
    {
        string method = http.Request.Method;
        string path = http.Request.Path.Value ?? "/";
        return status switch
        {
            StatusCodes.Status404NotFound => $"There is no route {path}. GET /tasks lists the tasks; the README lists the routes.",
            StatusCodes.Status405MethodNotAllowed => $"The route {path} does not take {method}; it takes {(http.Response.Headers.Allow is { Count: > 0 } allow ? allow.ToString() : "other methods")}.",
            >= 500 => "The request failed on the server; it is logged with this answer's traceId.",
            _ => $"The request {method} {path} is not valid.",
        };
    }
}
