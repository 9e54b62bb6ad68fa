namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The local host (in memory) with <c>Telemetry:Exporter otlp</c> over HTTP/protobuf to an <see cref="OtlpReceiver"/>,
/// exporting every few hundred milliseconds instead of every few seconds, and keeping the execution entries at
/// Information for the exported logs.
/// </summary>
public sealed class OtlpHostFixture : LocalHostFixture
{
    public OtlpReceiver Receiver { get; private set; } = null!;

    protected override async Task<string[]> BackendArgumentsAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        return
        [
            "--backend", "memory",
            "--Telemetry:Exporter", "otlp", "--Telemetry:OtlpProtocol", "HttpProtobuf", "--Telemetry:OtlpEndpoint", Receiver.Address.ToString(),
            "--OTEL_BSP_SCHEDULE_DELAY", "200", "--OTEL_BLRP_SCHEDULE_DELAY", "200", "--OTEL_METRIC_EXPORT_INTERVAL", "500",
            "--Logging:LogLevel:TaskFunctions.Execution", "Information",
        ];
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }
}
