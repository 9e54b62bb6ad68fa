namespace TaskFunctions.LocalHost.Telemetry;

/// <summary>Where the local host sends its traces and metrics (setting <c>Telemetry:Exporter</c>).</summary>
public enum TelemetryExporter
{
    /// <summary>Nowhere: no OpenTelemetry pipeline is built (the default).</summary>
    None,

    /// <summary>To the console, beside the host's log: spans as they end, metrics once a minute.</summary>
    Console,

    /// <summary>To an OpenTelemetry collector over OTLP: traces, metrics and logs.</summary>
    Otlp,
}
