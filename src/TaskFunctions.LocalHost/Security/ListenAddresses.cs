using System.Net;

namespace TaskFunctions.LocalHost.Security;

/// <summary>Reads from configuration where Kestrel will listen, and tells loopback addresses from the others.</summary>
internal static class ListenAddresses
{
    /// <summary>
    /// The addresses the host is configured to listen on that are not loopback: the <c>urls</c> setting
    /// (<c>Urls</c>, <c>--urls</c>, <c>ASPNETCORE_URLS</c>), Kestrel's own endpoints (<c>Kestrel:Endpoints:*:Url</c>),
    /// and, when no URL is set, the ports of <c>http_ports</c> and <c>https_ports</c>, which bind every interface.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The non-loopback addresses, empty when the host listens on loopback only.</returns>
    public static IReadOnlyList<string> NonLoopback(IConfiguration configuration)
    {
        List<string> urls = [.. Split(configuration[WebHostDefaults.ServerUrlsKey])];
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .Where(url => url.Length > 0));
        if (urls.Count == 0)
        {
            urls.AddRange(Split(configuration[WebHostDefaults.HttpPortsKey]).Select(port => $"http://*:{port}"));
            urls.AddRange(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(port => $"https://*:{port}"));
        }

        return [.. urls.Where(url => !IsLoopback(url))];
    }

    /// <summary>Whether a URL Kestrel binds (<c>http://127.0.0.1:7071</c>, <c>http://*:80</c>) reaches loopback only.</summary>
    /// <param name="url">The URL.</param>
    /// <returns>Whether only this machine can connect to it.</returns>
    public static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false;
        }

        if (address.IsUnixPipe || address.IsNamedPipe)
        {
            return true;
        }

        string host = address.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? ip) && IsLoopback(ip));
    }

    /// <summary>Whether an IP address is loopback, IPv4 mapped to IPv6 included.</summary>
    /// <param name="address">The address.</param>
    /// <returns>Whether it is loopback.</returns>
    public static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static IEnumerable<string> Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
