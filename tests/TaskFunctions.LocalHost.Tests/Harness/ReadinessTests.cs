using System.Net;
using System.Net.Sockets;
using System.Text;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Harness;

/// <summary>
/// The fixtures' readiness checks accept only the server they started: a port that another process holds accepts
/// connections too, and even answers HTTP, so a check that only connects would let the tests talk to a stranger. (That
/// they accept the fixtures' own servers, every fixture's start shows: it fails otherwise.)
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readiness_PortHeldByAnotherHttpServer_FailsBothChecks()
    {
        using var stranger = new TcpListener(IPAddress.Loopback, 0);
        stranger.Start();
        var address = new Uri($"http://127.0.0.1:{((IPEndPoint)stranger.LocalEndpoint).Port}");
        using var serving = new CancellationTokenSource();
        Task answering = AnswerEveryRequestAsync(stranger, "[]", serving.Token);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };

        bool host = await Readiness.ServesCatalogAsync(http, TestTasks.Names);
        bool azurite = await Readiness.IsAzuriteAsync(address, "Table");

        await serving.CancelAsync();
        await answering.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(host, "A server answering an empty JSON array passed for the host.");
        Assert.False(azurite, "A server that does not name itself Azurite passed for Azurite.");
    }

    /// <summary>A stand-in for whatever else may hold a port: answers every request 200 with a JSON body.</summary>
    private static async Task AnswerEveryRequestAsync(TcpListener listener, string json, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using TcpClient client = await listener.AcceptTcpClientAsync(cancellationToken);
                try
                {
                    NetworkStream stream = client.GetStream();
                    byte[] buffer = new byte[8192];
                    _ = await stream.ReadAsync(buffer, cancellationToken);
                    byte[] body = Encoding.UTF8.GetBytes(json);
                    byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, cancellationToken);
                    await stream.WriteAsync(body, cancellationToken);
                }
                catch (IOException)
                {
                    // The caller hung up without a request (a bare connection check does).
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test is done with it.
        }
    }
}
