using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using TaskFunctions.Dashboard;

namespace TaskFunctions.Functions;

/// <summary>
/// The HTTP function that serves the dashboard page and its files at <c>/dashboard</c> and below. It is anonymous:
/// the files hold no data, and the page asks its user for a function key, which it sends as <c>x-functions-key</c>
/// on every API call (those functions keep <see cref="AuthorizationLevel.Function"/>).
/// </summary>
public sealed class DashboardFunctions
{
    private static readonly DashboardSite Site = new(DashboardKey.FunctionKey);

    /// <summary><c>GET dashboard/{*path}</c>: the page, or one of its scripts and stylesheets.</summary>
    /// <param name="request">The request.</param>
    /// <param name="path">The rest of the path after <c>dashboard/</c>, if any.</param>
    /// <returns>The file, a 304, or a 404 problem.</returns>
    [Function(FunctionNames.Dashboard)]
    public IResult Serve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DashboardSite.Route)] HttpRequest request,
        string? path) =>
        Site.Serve(request, path);
}
