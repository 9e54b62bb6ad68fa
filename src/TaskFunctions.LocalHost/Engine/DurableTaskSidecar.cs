using System.Net;
using System.Net.Sockets;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// Serves a DurableTask.Core orchestration service over the Durable Task gRPC protocol on a loopback port, so
/// that the SDK's gRPC worker and client can use it, as the Functions host does for the isolated worker.
/// This is the only place that uses the preview <c>TaskHubGrpcServer</c>; swap it here.
/// </summary>
internal sealed class DurableTaskSidecar : IHostedService, IAsyncDisposable
{
    private readonly OrchestrationServiceDecorator _service;
    private readonly IOrchestrationServiceClient _client;
    private readonly ILoggerFactory _loggerFactory;
    private WebApplication? _server;

    public DurableTaskSidecar(OrchestrationServiceDecorator service, IOrchestrationServiceClient client, ILoggerFactory loggerFactory)
    {
        _service = service;
        _client = client;
        _loggerFactory = loggerFactory;
        Address = new Uri($"http://127.0.0.1:{FindFreePort()}");
    }

    /// <summary>Gets the address the worker and client connect to.</summary>
    public Uri Address { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The sidecar does not create the task hub (queues, tables); do it before dispatching.
        await _service.CreateIfNotExistsAsync().ConfigureAwait(false);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear(); // The host's own settings (such as its URLs) are not the sidecar's.
        // The sidecar logs through the host's providers, but its own web host's start-up lines ("Now listening on"
        // a random port, the address override) are not the host's and would mislead whoever reads the console.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(_loggerFactory));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        // The sidecar stops when the host stops it, after the host has drained its work: not on the same Ctrl-C.
        builder.Services.AddSingleton<IHostLifetime, HostOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Address.Port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(_service);
        builder.Services.AddSingleton(_client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        _server = builder.Build();
        _server.MapGrpcService<TaskHubGrpcServer>();
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        // Stopping the server starts stopping the dispatchers and the backend without waiting for them; wait here,
        // so that nothing polls the storage once the host has stopped.
        await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _service.Stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out first; the backend goes on stopping in the background.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A lifetime that leaves stopping to the host that owns the sidecar (no signal handling).</summary>
    private sealed class HostOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Hands the sidecar's loggers out of the host's logger factory.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory host) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => host.CreateLogger(categoryName);

        public void Dispose()
        {
            // The host owns its factory.
        }
    }
}
