using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TaskFunctions.Http;

namespace TaskFunctions.LocalHost.Security;

/// <summary>
/// The local host's protection of its API: the start-up check of where it listens against its API key, the key
/// itself, CORS for a separate front end, response headers and the rate limit of starts.
/// </summary>
public static partial class SecurityExtensions
{
    /// <summary>The rate-limiting policy of the two start routes.</summary>
    public const string StartsPolicy = "starts";

    private static readonly TimeSpan StartsWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Reads the <c>Security</c> settings, refuses them when the host would listen beyond loopback without an API key,
    /// and registers CORS and the rate limiter.
    /// </summary>
    /// <param name="builder">The host's builder, with its configuration complete.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="SecurityConfigurationException">The settings do not let the host start safely.</exception>
    public static WebApplicationBuilder AddLocalHostSecurity(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SecurityOptions options = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        string[] origins = Validate(options, builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        if (origins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(origins)
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
                .AllowAnyHeader()
                .WithExposedHeaders("Location", "Link", "Retry-After", TaskApiRoutes.ContinuationHeader)));
        }

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(StartsPolicy, context => options.StartsPerMinute > 0
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.StartsPerMinute, Window = StartsWindow, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.OnRejected = (rejected, cancellationToken) => WriteTooManyStartsAsync(rejected, options.StartsPerMinute);
        });
        return builder;
    }

    /// <summary>
    /// Adds the security middleware to the pipeline: <c>X-Content-Type-Options: nosniff</c> on every answer, CORS
    /// when origins are configured (before the key, so that a browser's preflight needs none), the API key, and
    /// the rate limiter that the start routes ask for.
    /// </summary>
    /// <param name="app">The application, after its exception handler.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseLocalHostSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        SecurityOptions options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        app.Use((context, next) =>
        {
            context.Response.OnStarting(
                static state =>
                {
                    ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                    return Task.CompletedTask;
                },
                context.Response);
            return next(context);
        });
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimiter();
        LogSettings(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecurityExtensions).FullName!),
            options.HasApiKey,
            options.CorsOrigins.Count > 0 ? string.Join(", ", options.CorsOrigins) : "none",
            options.StartsPerMinute > 0 ? options.StartsPerMinute.ToString(CultureInfo.InvariantCulture) : "no limit");
        return app;
    }

    private static string[] Validate(SecurityOptions options, IConfiguration configuration)
    {
        IReadOnlyList<string> exposed = ListenAddresses.NonLoopback(configuration);
        if (exposed.Count > 0 && !options.HasApiKey)
        {
            throw new SecurityConfigurationException(
                $"the host is set to listen on {string.Join(", ", exposed)}, which is not loopback only, and has no API key: anyone who reaches "
                + "that address could start and cancel tasks. Set a key (--api-key <key>, the setting Security:ApiKey or the environment "
                + $"variable Security__ApiKey) and send it in the {SecurityOptions.ApiKeyHeader} header, or listen on loopback only "
                + "(--urls http://127.0.0.1:7071).");
        }

        if (options.StartsPerMinute < 0)
        {
            throw new SecurityConfigurationException($"Security:StartsPerMinute must be 0 (no limit) or more, not {options.StartsPerMinute}.");
        }

        List<string> origins = [];
        foreach (string origin in options.CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
            {
                throw new SecurityConfigurationException(
                    $"Security:CorsOrigins holds '{origin}', which is not an origin: give scheme, host and port only, as https://tasks.example.com or http://localhost:5173.");
            }

            origins.Add(uri.GetLeftPart(UriPartial.Authority));
        }

        return [.. origins];
    }

    private static async ValueTask WriteTooManyStartsAsync(OnRejectedContext rejected, int startsPerMinute)
    {
        HttpContext context = rejected.HttpContext;
        int seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : (int)StartsWindow.TotalSeconds;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many starts.",
                Detail = $"This client may start {startsPerMinute} executions per minute; nothing was started. Try again in {seconds} s.",
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "API key required: {KeyRequired}; CORS origins: {Origins}; starts per minute per client: {StartsPerMinute}.")]
    private static partial void LogSettings(ILogger logger, bool keyRequired, string origins, string startsPerMinute);
}
