using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.DependencyInjection;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>
/// The local host in memory with security settings of a subclass, on a port Kestrel picks. <see cref="Http"/>
/// sends no API key; the fixture is ready when the catalog answers to a client with the key (if there is one).
/// </summary>
public abstract class SecurityHostFixture : IAsyncLifetime
{
    /// <summary>The key the fixtures that need one configure.</summary>
    public const string Key = "security-tests-key-6f1c0b2e";

    private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(60);

    private WebApplication _app = null!;

    /// <summary>Gets a client of the host that sends no API key.</summary>
    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the API key the host requires, or null.</summary>
    public virtual string? ApiKey => null;

    /// <summary>Gets where the host listens.</summary>
    protected virtual string Urls => "http://127.0.0.1:0";

    /// <summary>Gets the security arguments (<c>--api-key</c> is added from <see cref="ApiKey"/>).</summary>
    protected virtual string[] Arguments => [];

    public async Task InitializeAsync()
    {
        string[] key = ApiKey is null ? [] : ["--api-key", ApiKey];
        _app = LocalHostApplication.Build(
            ["--backend", "memory", "--urls", Urls, "--Logging:LogLevel:Default", "Warning", .. key, .. Arguments],
            builder => builder.Services.AddTaskFunctions(TestTasks.Register));
        using var timeout = new CancellationTokenSource(StartStopTimeout);
        await _app.StartAsync(timeout.Token).WaitAsync(StartStopTimeout);

        // A host bound to every interface (0.0.0.0) reports that address; the tests reach it on loopback.
        var bound = new UriBuilder(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        if (bound.Host is "0.0.0.0" or "[::]")
        {
            bound.Host = "127.0.0.1";
        }

        BaseAddress = bound.Uri;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using HttpClient ready = WithKey(ApiKey);
        if (!await Readiness.ServesCatalogAsync(ready, TestTasks.Names))
        {
            throw new InvalidOperationException($"The host bound {BaseAddress}, but what answers there does not serve the test tasks' catalog.");
        }
    }

    /// <summary>Creates a client of the host that sends <paramref name="key"/> in <c>x-api-key</c> (none when null).</summary>
    /// <param name="key">The key to send.</param>
    /// <returns>The client; dispose it.</returns>
    public HttpClient WithKey(string? key)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", key);
        }

        return http;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        using var timeout = new CancellationTokenSource(StartStopTimeout);
        await _app.StopAsync(timeout.Token).WaitAsync(StartStopTimeout);
        await _app.DisposeAsync().AsTask().WaitAsync(StartStopTimeout);
    }
}

/// <summary>A host bound to every interface (<c>http://0.0.0.0:0</c>) with an API key.</summary>
public sealed class PublicApiKeyHostFixture : SecurityHostFixture
{
    public override string? ApiKey => Key;

    protected override string Urls => "http://0.0.0.0:0";
}

/// <summary>A host on loopback that has an API key all the same (opt-in).</summary>
public sealed class LoopbackApiKeyHostFixture : SecurityHostFixture
{
    public override string? ApiKey => Key;
}

/// <summary>A host on loopback whose API a page of <see cref="AllowedOrigin"/> may call from a browser.</summary>
public sealed class CorsHostFixture : SecurityHostFixture
{
    public const string AllowedOrigin = "http://localhost:5173";

    protected override string[] Arguments => ["--Security:CorsOrigins:0", AllowedOrigin, "--Security:CorsOrigins:1", "https://tasks.example.com"];
}

/// <summary>A host on loopback that lets a client start <see cref="StartsPerMinute"/> executions a minute.</summary>
public sealed class StartsLimitedHostFixture : SecurityHostFixture
{
    public const int StartsPerMinute = 2;

    protected override string[] Arguments => ["--Security:StartsPerMinute", StartsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>A host on loopback with the default settings: no key, no CORS, no rate limit.</summary>
public sealed class DefaultSecurityHostFixture : SecurityHostFixture;
