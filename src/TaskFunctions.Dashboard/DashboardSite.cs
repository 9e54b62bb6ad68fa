using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Dashboard;

/// <summary>
/// Answers a <c>GET</c> under <c>/dashboard</c>, in both hosts: a path below <c>assets/</c> is one of the page's
/// scripts or stylesheets (404 if there is none by that name); any other path is the page itself, which reads the
/// rest of the path to show a task or an execution (<c>/dashboard/executions/{executionId}</c>,
/// <c>/dashboard/tasks/{taskName}</c>). Every answer may be cached but is revalidated (<c>no-cache</c> with an
/// <c>ETag</c>, 304 when it has not changed), and carries a content security policy that lets the page run only its
/// own scripts and talk only to its own host.
/// </summary>
public sealed class DashboardSite
{
    /// <summary>The route of the page and its files, as both hosts map it (the path parameter is <c>path</c>).</summary>
    public const string Route = "dashboard/{*path}";

    /// <summary>The path the page is served at.</summary>
    public const string BasePath = "/dashboard";

    /// <summary>The policy: own scripts, styles and API only; no inline script, no plug-ins, no framing.</summary>
    internal const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string AssetsPrefix = "assets/";

    private readonly DashboardFiles _files;

    /// <summary>Initializes a new instance of the <see cref="DashboardSite"/> class.</summary>
    /// <param name="key">The key the page asks its user for and sends on every API call.</param>
    public DashboardSite(DashboardKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Key = key;
        _files = DashboardFiles.Load(key);
    }

    /// <summary>Gets the key the page asks for.</summary>
    public DashboardKey Key { get; }

    /// <summary>Answers a request for the page or one of its files.</summary>
    /// <param name="request">The request (its <c>If-None-Match</c> is read).</param>
    /// <param name="path">The rest of the path after <c>/dashboard/</c>, or null or empty for the page itself.</param>
    /// <returns>The file, a 304, or a 404 problem for an asset that does not exist.</returns>
    public IResult Serve(HttpRequest request, string? path)
    {
        ArgumentNullException.ThrowIfNull(request);
        DashboardFile file;
        if (path is not null && path.StartsWith(AssetsPrefix, StringComparison.Ordinal))
        {
            if (!_files.TryGet(path, out DashboardFile? asset))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "Not Found",
                    detail: $"The dashboard has no file {path}.");
            }

            file = asset;
        }
        else
        {
            file = _files.Index;
        }

        return new DashboardResult(file, NotModified(request, file));
    }

    private static bool NotModified(HttpRequest request, DashboardFile file)
    {
        foreach (string? value in request.Headers.IfNoneMatch)
        {
            foreach (string tag in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (tag == "*" || tag == file.ETag || tag == "W/" + file.ETag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
