using OpenTelemetry.Exporter;

namespace TaskFunctions.LocalHost.Telemetry;

/// <summary>The local host's OpenTelemetry export (configuration section <c>Telemetry</c>); off by default.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>Gets or sets where traces and metrics go (<c>none</c>, <c>console</c> or <c>otlp</c>; default <c>none</c>).</summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>
    /// Gets or sets the collector's address for <c>otlp</c>; none (the default) leaves it to the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable, or <c>http://localhost:4317</c>.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>Gets or sets the OTLP protocol: <c>Grpc</c> (the default) or <c>HttpProtobuf</c>.</summary>
    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;
}
