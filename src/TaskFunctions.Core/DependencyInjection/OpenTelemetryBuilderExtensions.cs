using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using TaskFunctions.Telemetry;

namespace TaskFunctions.DependencyInjection;

/// <summary>Subscribes a host's OpenTelemetry to what TaskFunctions reports. Both hosts call it; they choose the exporters.</summary>
public static class OpenTelemetryBuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="TaskFunctionsTelemetry.ActivitySourceName"/> spans to tracing and the
    /// <see cref="TaskFunctionsTelemetry.MeterName"/> instruments to metrics, and keeps log scopes in exported logs, where the
    /// execution entries carry their execution id, task name and attempt.
    /// </summary>
    /// <param name="builder">The host's OpenTelemetry builder (<c>services.AddOpenTelemetry()</c>).</param>
    /// <returns>The builder.</returns>
    public static IOpenTelemetryBuilder AddTaskFunctionsTelemetry(this IOpenTelemetryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder
            .WithTracing(tracing => tracing.AddSource(TaskFunctionsTelemetry.ActivitySourceName))
            .WithMetrics(metrics => metrics.AddMeter(TaskFunctionsTelemetry.MeterName));
        builder.Services.Configure<OpenTelemetryLoggerOptions>(options => options.IncludeScopes = true);
        return builder;
    }
}
