namespace TaskFunctions.LocalHost.Security;

/// <summary>
/// Endpoint metadata of the routes that serve static files holding no data (the dashboard page, its scripts and
/// styles): <see cref="ApiKeyMiddleware"/> lets a <c>GET</c> to them through without the key, so that a browser can
/// load the page, which then asks its user for the key and sends it on every API call. Only the endpoint's own
/// method is exempt: any other method on those paths needs the key like every API call.
/// </summary>
internal sealed class PublicFiles
{
    /// <summary>Gets the one instance.</summary>
    public static PublicFiles Instance { get; } = new();

    private PublicFiles()
    {
    }
}
