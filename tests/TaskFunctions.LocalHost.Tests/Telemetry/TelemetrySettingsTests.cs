using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TaskFunctions.LocalHost.Telemetry;

namespace TaskFunctions.LocalHost.Tests.Telemetry;

/// <summary>
/// The local host's <c>Telemetry</c> settings: no OpenTelemetry at all by default (a quiet console), a pipeline for
/// <c>console</c> and <c>otlp</c>, and a refusal to start that names a setting that is not valid.
/// </summary>
public sealed class TelemetrySettingsTests
{
    [Fact]
    public async Task Build_NoTelemetrySettings_BuildsNoOpenTelemetry()
    {
        await using WebApplication app = LocalHostApplication.Build(["--backend", "memory", "--urls", "http://127.0.0.1:0"]);

        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("console")]
    [InlineData("Otlp")]
    public async Task Build_AnExporter_BuildsTracingAndMetrics(string exporter)
    {
        await using WebApplication app = LocalHostApplication.Build(
            ["--backend", "memory", "--urls", "http://127.0.0.1:0", "--Telemetry:Exporter", exporter, "--Telemetry:OtlpEndpoint", "http://127.0.0.1:9"]);

        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Build_OtlpWithOnlyAProtocol_BuildsTracingAndMetrics()
    {
        await using WebApplication app = LocalHostApplication.Build(
            ["--backend", "memory", "--urls", "http://127.0.0.1:0", "--Telemetry:Exporter", "otlp", "--Telemetry:OtlpProtocol", "httpprotobuf"]);

        Assert.NotNull(app.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("--Telemetry:Exporter", "zipkin", "Telemetry:Exporter")]
    [InlineData("--Telemetry:OtlpEndpoint", "localhost:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("--Telemetry:OtlpEndpoint", "ftp://collector", "Telemetry:OtlpEndpoint")]
    [InlineData("--Telemetry:OtlpProtocol", "thrift", "Telemetry:OtlpProtocol")]
    public void Build_ASettingThatIsNotValid_RefusesNamingIt(string setting, string value, string named)
    {
        var refused = Assert.Throws<TelemetryConfigurationException>(() =>
            LocalHostApplication.Build(["--backend", "memory", "--urls", "http://127.0.0.1:0", "--Telemetry:Exporter", "otlp", setting, value]));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Contains(value, refused.Message, StringComparison.Ordinal);
    }
}
