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
    /// Gets or sets the collector's address for <c>otlp</c>. With neither it nor <see cref="OtlpProtocol"/> set (the
    /// default), the standard <c>OTEL_EXPORTER_OTLP_*</c> variables apply, else <c>http://localhost:4317</c> over gRPC.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// Gets or sets the OTLP protocol: <c>Grpc</c> or <c>HttpProtobuf</c>; set alone, the collector is on
    /// <c>localhost</c> at the protocol's usual port (4317, 4318).
    /// </summary>
    public OtlpExportProtocol? OtlpProtocol { get; set; }
}
