using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskFunctions.DependencyInjection;
using TaskFunctions.LocalHost;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// The local host started in this process on a free loopback port, with the benchmark tasks and the raw engine's
/// orchestration added.
/// </summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    private BenchmarkHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public static async Task<BenchmarkHost> StartAsync(string[] engineArguments)
    {
        // The retention service stays off: its scans would be load the scenarios do not measure (purge calls the API).
        string[] args = [.. engineArguments, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", "--TaskFunctions:Retention:Enabled", "false"];
        WebApplication app = LocalHostApplication.Build(args, builder =>
        {
            builder.Services.AddTaskFunctions(BenchmarkTasks.Register);

            // The raw engine's orchestration and activity, in the same (default) worker as the service's.
            builder.Services.AddDurableTaskWorker(worker => worker.AddTasks(RawEngine.Register));
        });
        await app.StartAsync();
        int workers = app.Services.GetServices<IHostedService>().OfType<DurableTaskWorker>().Count();
        if (workers != 1)
        {
            throw new InvalidOperationException($"Expected the service and the raw engine in one Durable Task worker, found {workers} workers.");
        }

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
