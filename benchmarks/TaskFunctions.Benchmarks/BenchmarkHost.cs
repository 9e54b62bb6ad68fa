using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.DependencyInjection;
using TaskFunctions.LocalHost;

namespace TaskFunctions.Benchmarks;

/// <summary>The local host started in this process on a free loopback port, with the benchmark tasks added.</summary>
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
        string[] args = [.. engineArguments, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"];
        WebApplication app = LocalHostApplication.Build(args, builder => builder.Services.AddTaskFunctions(BenchmarkTasks.Register));
        await app.StartAsync();
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
