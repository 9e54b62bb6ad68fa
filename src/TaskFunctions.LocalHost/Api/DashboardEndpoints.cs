using TaskFunctions.Dashboard;
using TaskFunctions.LocalHost.Security;

namespace TaskFunctions.LocalHost.Api;

/// <summary>Maps the dashboard page at <c>/dashboard</c> and every path below it, as the Functions app's dashboard function does.</summary>
internal static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        // The page asks for this host's key (x-api-key) and sends it on every API call it makes.
        var site = new DashboardSite(DashboardKey.ApiKey);
        endpoints.MapGet(DashboardSite.Route, (HttpRequest request, string? path) => site.Serve(request, path))
            .WithMetadata(PublicFiles.Instance)
            .ExcludeFromDescription(); // a page, not part of the API the OpenAPI document describes
        return endpoints;
    }
}
