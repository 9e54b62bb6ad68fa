using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.DependencyInjection;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The local host started for real: Kestrel on a loopback port it binds itself (port 0, read back from the server,
/// so no other process can hold it), the Durable Task engine on a backend, and the sample tasks plus a few test
/// tasks. It is ready when it answers <c>GET /tasks</c> with the test tasks, which only a host of this fixture has.
/// Tests talk to it over HTTP only.
/// </summary>
public abstract class LocalHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    private readonly List<WebApplication> _apps = [];

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the durable client of the first host, to look at the instances behind the API.</summary>
    public DurableTaskClient Durable => _apps[0].Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Gets the services of the first host, to look at the engine behind the API (for example an instance's history).</summary>
    public IServiceProvider Services => _apps[0].Services;

    /// <summary>Gets how many hosts share the backend (more than one only where the storage is shared).</summary>
    protected virtual int HostCount => 1;

    protected abstract Task<string[]> BackendArgumentsAsync();

    /// <summary>Gets arguments for one host only.</summary>
    /// <param name="index">The host, 0 for the one <see cref="Http"/> talks to.</param>
    /// <returns>The arguments.</returns>
    protected virtual string[] HostArguments(int index) => [];

    /// <summary>Changes each host's builder before it is built (services a fixture looks at, such as in-memory exporters).</summary>
    /// <param name="builder">The host's builder.</param>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        // What the engine logs here is expected and would bury a failure's message in the test output: warnings
        // under load (slow Azurite calls, refused duplicate starts), and errors of the Azure Storage provider's queue
        // listeners, which outlive the provider's stop and retry against the Azurite the fixture has stopped.
        string[] args =
        [
            .. await BackendArgumentsAsync(), "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:DurableTask.AzureStorage", "Critical", "--Logging:LogLevel:Microsoft.DurableTask.Sidecar", "Error",
        ];
        for (int i = 0; i < HostCount; i++)
        {
            WebApplication app = LocalHostApplication.Build([.. args, .. HostArguments(i)], builder =>
            {
                builder.Services.AddTaskFunctions(TestTasks.Register);
                Configure(builder);
            });
            _apps.Add(app);
            using var timeout = new CancellationTokenSource(StartTimeout);
            await app.StartAsync(timeout.Token).WaitAsync(StartTimeout);
        }

        string address = _apps[0].Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (!await Readiness.ServesCatalogAsync(Http, TestTasks.Names))
        {
            throw new InvalidOperationException($"The host bound {BaseAddress}, but what answers there does not serve the test tasks' catalog.");
        }
    }

    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        foreach (WebApplication app in _apps)
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await app.StopAsync(timeout.Token).WaitAsync(StopTimeout);
            await app.DisposeAsync().AsTask().WaitAsync(StopTimeout);
        }
    }
}
