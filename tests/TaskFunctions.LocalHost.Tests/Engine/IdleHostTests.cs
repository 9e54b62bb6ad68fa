using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Engine;

/// <summary>
/// A host with nothing to do stays quiet and ready. The Durable Task worker reconnects a work-item stream that has
/// carried no message for 2 minutes, and warns, unless the backend sends health pings; the local host's in-process
/// sidecar sends none, so the host turns that check off. Its console, as <c>scripts/run.sh</c> shows it, gets no
/// warning while it idles past that window, and a start afterwards runs as on a fresh host.
/// </summary>
public sealed class IdleHostTests
{
    // The worker's silent-disconnect window (GrpcDurableTaskWorkerOptions: 120 s), and a margin.
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(135);

    [Fact]
    public async Task IdlePastTheWorkersStreamWindow_WritesNoWarningAndStillRunsAStart()
    {
        await using HostProcess host = await HostProcess.StartAsync("--backend", "memory");
        int ready = host.ConsoleLines.Length;

        await Task.Delay(Idle);

        string[] idle = host.ConsoleLines[ready..];
        Assert.DoesNotContain(idle, line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        string id = await host.Http.StartAsync("user-space-sync", new { durationMs = 0, steps = 1 }, trigger: "api");
        JsonNode finished = await host.Http.WaitUntilFinishedAsync(id);
        Assert.Equal("completed", ApiClient.Status(finished));
    }
}
