using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Dashboard;

/// <summary>Writes one file of the page with its caching and security headers, or a 304 when the client has it.</summary>
/// <param name="file">The file.</param>
/// <param name="notModified">Whether the client's copy is current.</param>
internal sealed class DashboardResult(DashboardFile file, bool notModified) : IResult
{
    /// <summary>Gets the file.</summary>
    public DashboardFile File { get; } = file;

    /// <summary>Gets a value indicating whether the answer is a 304.</summary>
    public bool NotModified { get; } = notModified;

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        HttpResponse response = httpContext.Response;
        IHeaderDictionary headers = response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = File.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = DashboardSite.ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (NotModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = File.ContentType;
        response.ContentLength = File.Content.Length;
        return response.Body.WriteAsync(File.Content).AsTask();
    }
}
