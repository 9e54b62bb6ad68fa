namespace TaskFunctions.LocalHost.Security;

/// <summary>
/// The local host's protection of its API (configuration section <c>Security</c>). Everything is off by default:
/// the host listens on loopback only, where it needs no key.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Security";

    /// <summary>The request header that carries the API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>
    /// Gets or sets the key every API call must send in the <c>x-api-key</c> header (<c>--api-key</c>). Required
    /// when the host listens on any address other than loopback; enforced on loopback too when set.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Gets or sets the origins (<c>https://tasks.example.com</c>) whose pages may call the API from a browser.
    /// Empty (the default) turns CORS off: the host sends no CORS headers.
    /// </summary>
    public IList<string> CorsOrigins { get; set; } = [];

    /// <summary>
    /// Gets or sets how many executions one client (by IP address) may start per minute, both start routes
    /// together; further starts answer 429 with <c>Retry-After</c>. 0 (the default) sets no limit.
    /// </summary>
    public int StartsPerMinute { get; set; }

    /// <summary>Gets whether an API key is configured.</summary>
    internal bool HasApiKey => !string.IsNullOrEmpty(ApiKey);
}
