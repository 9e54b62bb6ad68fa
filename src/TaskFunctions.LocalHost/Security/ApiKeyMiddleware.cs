using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TaskFunctions.LocalHost.Security;

/// <summary>
/// Lets a request through only with the configured API key in the <c>x-api-key</c> header (401 problem details
/// otherwise). Without a configured key, it lets through only requests that arrived on a loopback address (403
/// otherwise), so that a host bound elsewhere by a setting the start-up check did not read still serves no one but
/// this machine. The dashboard's files (<see cref="PublicFiles"/>) need no key: they hold no data, and the page asks
/// for the key before it calls the API.
/// </summary>
internal sealed partial class ApiKeyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ApiKeyMiddleware> _logger;
    private readonly byte[]? _keyHash;

    /// <summary>Initializes a new instance of the <see cref="ApiKeyMiddleware"/> class.</summary>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="options">The security settings.</param>
    /// <param name="problems">Writes the problem details.</param>
    /// <param name="logger">The logger.</param>
    public ApiKeyMiddleware(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems, ILogger<ApiKeyMiddleware> logger)
    {
        _next = next;
        _problems = problems;
        _logger = logger;
        _keyHash = options.Value.HasApiKey ? Hash(options.Value.ApiKey!) : null;
    }

    /// <summary>Checks the request, then passes it on or answers it.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the request is answered.</returns>
    public Task InvokeAsync(HttpContext context)
    {
        if (_keyHash is null)
        {
            if (context.Connection.LocalIpAddress is not { } local || ListenAddresses.IsLoopback(local))
            {
                return _next(context);
            }

            LogNotLoopback(_logger, local.ToString());
            return RefuseAsync(
                context,
                StatusCodes.Status403Forbidden,
                "The API answers on loopback only.",
                "This host has no API key, so it serves requests made on this machine only.");
        }

        if ((context.Request.Headers.TryGetValue(SecurityOptions.ApiKeyHeader, out var values) && values.Count == 1 && Matches(values[0]))
            || context.GetEndpoint()?.Metadata.GetMetadata<PublicFiles>() is not null)
        {
            return _next(context);
        }

        LogRejected(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return RefuseAsync(
            context,
            StatusCodes.Status401Unauthorized,
            "A valid API key is required.",
            $"Send the host's API key in the {SecurityOptions.ApiKeyHeader} header.");
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Hash(presented), _keyHash);

    private async Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Client}: no valid API key.")]
    private static partial void LogRejected(ILogger logger, string method, string path, string client);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Refused a request that arrived on {Address}: without an API key the API answers on loopback only.")]
    private static partial void LogNotLoopback(ILogger logger, string address);
}
