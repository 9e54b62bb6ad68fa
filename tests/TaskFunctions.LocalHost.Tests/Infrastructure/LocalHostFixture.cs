using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.DependencyInjection;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The local host started for real: Kestrel on a free loopback port, the Durable Task engine on a backend, and
/// the sample tasks plus a few test tasks. Tests talk to it over HTTP only.
/// </summary>
public abstract class LocalHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    protected abstract Task<string[]> BackendArgumentsAsync();

    public async Task InitializeAsync()
    {
        string[] args = [.. await BackendArgumentsAsync(), "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"];
        _app = LocalHostApplication.Build(args, builder => builder.Services.AddTaskFunctions(TestTasks.Register));
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }
}
