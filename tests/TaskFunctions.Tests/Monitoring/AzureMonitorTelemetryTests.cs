using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Trace;
using TaskFunctions.Monitoring;
using FunctionsWorkerOptions = Microsoft.Azure.Functions.Worker.WorkerOptions;

namespace TaskFunctions.Tests.Monitoring;

/// <summary>
/// The Functions app's OpenTelemetry, as registered (no provider is started here: an exporter would try to reach Azure):
/// on only with an Application Insights connection string, then with the Azure Monitor exporter, the identity the
/// authentication string names, and the capability that makes the host leave the worker's logs to it.
/// </summary>
public sealed class AzureMonitorTelemetryTests
{
    /// <summary>A well-formed connection string whose endpoints are loopback addresses nothing listens on.</summary>
    private const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/;LiveEndpoint=https://127.0.0.1:9/";

    [Fact]
    public void AddAzureMonitorTelemetry_WithoutAConnectionString_AddsNothingAndLeavesTheWorkersLogsToTheHost()
    {
        var services = new ServiceCollection();

        services.AddAzureMonitorTelemetry(Configuration([]));

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TracerProvider));
        using ServiceProvider provider = services.AddOptions().BuildServiceProvider();
        Assert.False(provider.GetRequiredService<IOptions<FunctionsWorkerOptions>>().Value.Capabilities.ContainsKey("WorkerOpenTelemetryEnabled"));
    }

    [Fact]
    public void AddAzureMonitorTelemetry_WithAConnectionString_ExportsToItWithTheIdentityTheAuthenticationStringNames()
    {
        var services = new ServiceCollection();

        services.AddAzureMonitorTelemetry(Configuration(new()
        {
            [AzureMonitorTelemetry.ConnectionStringSetting] = ConnectionString,
            [AzureMonitorTelemetry.AuthenticationStringSetting] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD",
        }));

        Assert.Contains(services, d => d.ServiceType == typeof(TracerProvider));
        using ServiceProvider provider = services.BuildServiceProvider();
        AzureMonitorExporterOptions exporter = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.Equal(ConnectionString, exporter.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(exporter.Credential);
        Assert.Equal(bool.TrueString, provider.GetRequiredService<IOptions<FunctionsWorkerOptions>>().Value.Capabilities["WorkerOpenTelemetryEnabled"], ignoreCase: true);
    }

    [Theory]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD", true)]
    [InlineData("authorization=aad", true)]
    [InlineData(" Authorization = AAD ; ", true)]
    [InlineData("Authorization=None", false)]
    [InlineData("ClientId=11111111-2222-3333-4444-555555555555", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Credential_TheAuthenticationString_IsAManagedIdentityOnlyForAad(string? authentication, bool managedIdentity)
    {
        TokenCredential? credential = AzureMonitorTelemetry.Credential(authentication);

        Assert.Equal(managedIdentity, credential is ManagedIdentityCredential);
        Assert.Equal(managedIdentity, credential is not null);
    }

    [Fact]
    public void HostJson_TelemetryMode_IsOpenTelemetrySoTheHostLeavesTheWorkersLogsToIt()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", "host.json");
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(path));

        Assert.Equal("OpenTelemetry", host.RootElement.GetProperty("telemetryMode").GetString());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
