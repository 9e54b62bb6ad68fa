using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.DependencyInjection;

namespace TaskFunctions.Monitoring;

/// <summary>
/// The Functions app's OpenTelemetry: when Application Insights is configured, the worker exports its traces (the
/// Functions worker's invocation spans and the TaskFunctions spans), metrics and logs (the execution entries included)
/// to it with the Azure Monitor exporter, and tells the Functions host so, which then leaves the worker's logs to it
/// (host.json sets <c>telemetryMode</c> to <c>OpenTelemetry</c>). Without Application Insights nothing changes: the
/// worker's logs go to the host as they always do.
/// </summary>
public static class AzureMonitorTelemetry
{
    /// <summary>The app setting that holds the Application Insights connection string.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The app setting that asks for Microsoft Entra authentication (<c>Authorization=AAD</c>, with <c>ClientId=</c> for a user-assigned identity).</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Adds OpenTelemetry with the Azure Monitor exporter when <see cref="ConnectionStringSetting"/> is set.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">The app's configuration (app settings are environment variables).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAzureMonitorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        string? connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        TokenCredential? credential = Credential(configuration[AuthenticationStringSetting]);
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .AddTaskFunctionsTelemetry()
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (credential is not null)
                {
                    options.Credential = credential;
                }
            });
        return services;
    }

    /// <summary>
    /// The managed identity that publishes telemetry when Application Insights accepts only Microsoft Entra
    /// authentication, read from the authentication string the Functions host reads too.
    /// </summary>
    /// <param name="authentication">The value of <see cref="AuthenticationStringSetting"/>, if any.</param>
    /// <returns>The credential, or <see langword="null"/> to send the connection string's key.</returns>
    public static TokenCredential? Credential(string? authentication)
    {
        Dictionary<string, string> parts = (authentication ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out string? authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out string? clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
