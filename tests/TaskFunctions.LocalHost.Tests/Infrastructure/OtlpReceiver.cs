using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP endpoint on a loopback port of its own: it answers every export with 200 and keeps each request's
/// body by signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>). Bodies are protobuf, in which names and string values
/// are stored as plain UTF-8: tests look for them as bytes.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _received = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Gets the base address exporters send to (<c>/v1/traces</c> and so on below it).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<OtlpReceiver> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver._received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Tells whether one export of a signal held all of the texts.</summary>
    public bool Received(string signal, params string[] texts) =>
        _received.Any(r => r.Signal == signal && texts.All(text => r.Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
