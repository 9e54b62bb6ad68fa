using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TaskFunctions.DependencyInjection;

namespace TaskFunctions.LocalHost.Telemetry;

/// <summary>The local host's OpenTelemetry: the TaskFunctions spans and instruments, to the console or to a collector.</summary>
public static class TelemetryExtensions
{
    /// <summary>The service name the local host reports as.</summary>
    public const string ServiceName = "TaskFunctions.LocalHost";

    /// <summary>
    /// Reads the <c>Telemetry</c> settings and, unless the exporter is <c>none</c>, builds the OpenTelemetry pipeline:
    /// <c>console</c> prints spans and metrics, <c>otlp</c> sends traces, metrics and logs to a collector.
    /// </summary>
    /// <param name="builder">The host's builder, with its configuration complete.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="TelemetryConfigurationException">A <c>Telemetry</c> setting is not valid.</exception>
    public static WebApplicationBuilder AddLocalHostTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        TelemetryOptions options = Read(builder.Configuration.GetSection(TelemetryOptions.Section));
        if (options.Exporter == TelemetryExporter.None)
        {
            return builder;
        }

        IOpenTelemetryBuilder telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .AddTaskFunctionsTelemetry();
        if (options.Exporter == TelemetryExporter.Console)
        {
            telemetry
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter());
        }
        else if (options.OtlpEndpoint is not null || options.OtlpProtocol is not null)
        {
            OtlpExportProtocol protocol = options.OtlpProtocol ?? OtlpExportProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol, options.OtlpEndpoint ?? DefaultEndpoint(protocol));
        }
        else
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    private static Uri DefaultEndpoint(OtlpExportProtocol protocol) =>
        new(protocol == OtlpExportProtocol.HttpProtobuf ? "http://localhost:4318" : "http://localhost:4317");

    private static TelemetryOptions Read(IConfigurationSection section)
    {
        var options = new TelemetryOptions();
        if (section["Exporter"] is { Length: > 0 } exporter)
        {
            options.Exporter = Enum.TryParse(exporter, ignoreCase: true, out TelemetryExporter parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new TelemetryConfigurationException($"Telemetry:Exporter is '{exporter}'; use none, console or otlp.");
        }

        if (section["OtlpEndpoint"] is { Length: > 0 } endpoint)
        {
            options.OtlpEndpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new TelemetryConfigurationException($"Telemetry:OtlpEndpoint is '{endpoint}'; use an http or https URL such as http://localhost:4317.");
        }

        if (section["OtlpProtocol"] is { Length: > 0 } protocol)
        {
            options.OtlpProtocol = Enum.TryParse(protocol, ignoreCase: true, out OtlpExportProtocol parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new TelemetryConfigurationException($"Telemetry:OtlpProtocol is '{protocol}'; use Grpc or HttpProtobuf.");
        }

        return options;
    }
}
