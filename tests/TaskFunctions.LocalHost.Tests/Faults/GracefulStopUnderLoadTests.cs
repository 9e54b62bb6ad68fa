using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Faults;

/// <summary>
/// A host asked to stop (SIGTERM) with <see cref="InFlight"/> attempts running (<c>TASKFUNCTIONS_LOAD_STOP</c>, 20 in
/// CI) while a second host runs on the same task hub: the stopping host takes no new work, the attempts that finish
/// within the grace period complete there, the others are handed back, and the second host runs them at once. Both
/// engine locks (the activity's and the orchestration messages') are set to 10 minutes, so work that waited for a
/// lock to expire could not finish within the test's 3 minutes.
/// </summary>
public sealed class GracefulStopUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string StartedOver = "第 1 次尝试因主机中断重新运行";
    private const string ReleaseFinishers = "release-finishers";
    private const string ReleaseHandedBack = "release-handed-back";
    private const int StartedAfterTheStop = 5;
    private static readonly int InFlight = Math.Min(LoadSize.Setting("TASKFUNCTIONS_LOAD_STOP", 20), 60);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan AllFinal = TimeSpan.FromMinutes(3);

    private AzuriteProcess _azurite = null!;
    private string _runs = null!;
    private string[] _arguments = [];

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _runs = Directory.CreateTempSubdirectory("runs-").FullName;
        _arguments =
        [
            "--backend", "azurestorage", "--connection-string", _azurite.ConnectionString, "--task-hub", "stop" + Guid.NewGuid().ToString("N")[..12],
            "--Engine:WorkItemLockTimeout", LockTimeout.ToString(), "--Engine:ControlQueueLockTimeout", LockTimeout.ToString(),

            // Not about a slow store: the API waits for it on a loaded machine instead of answering 503.
            "--TaskFunctions:Client:StoreCallTimeout", "00:00:30",
        ];
    }

    public async Task DisposeAsync()
    {
        await _azurite.DisposeAsync();
        Directory.Delete(_runs, recursive: true);
    }

    [Fact]
    public async Task Stop_SigtermWithAttemptsInFlight_FinishesOrHandsBackAndTheOtherHostRunsThemAtOnce()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [CountedTask.RunsVariable] = _runs };
        await using HostProcess stopping = await HostProcess.StartTestHostAsync(environment, _arguments);

        // Every attempt runs on the host that will stop: the other one starts only once they all run. Half of them
        // return as soon as the stop begins (within the grace period), the other half hold on past it.
        int finishing = InFlight / 2;
        var ids = new string[InFlight];
        await Parallel.ForAsync(0, InFlight, new ParallelOptions { MaxDegreeOfParallelism = 5 }, async (i, _) =>
            ids[i] = await stopping.Http.StartAsync(CountedTask.Name, new { holdFor = i < finishing ? ReleaseFinishers : ReleaseHandedBack, sleepMs = 0 }, trigger: "api"));
        string[] finishers = ids[..finishing], handedBack = ids[finishing..];
        await Eventually.UntilAsync(
            () => CountedTask.ReadRuns(_runs).Count(r => r.What == "start") == InFlight,
            TimeSpan.FromMinutes(1),
            $"not all {InFlight} handlers started",
            interval: TimeSpan.FromMilliseconds(100));
        await using HostProcess other = await HostProcess.StartTestHostAsync(environment, _arguments);

        DateTime stopAt = DateTime.UtcNow;
        Task<int> exit = stopping.TerminateAsync(TimeSpan.FromMinutes(1));
        await File.WriteAllTextAsync(Path.Combine(_runs, ReleaseFinishers), string.Empty);
        string[] after = await Task.WhenAll(Enumerable.Range(0, StartedAfterTheStop).Select(_ =>
            other.Http.StartAsync(CountedTask.Name, new { sleepMs = 0 }, trigger: "api")));
        int exitCode = await exit;
        TimeSpan stopped = DateTime.UtcNow - stopAt;
        await File.WriteAllTextAsync(Path.Combine(_runs, ReleaseHandedBack), string.Empty);

        string[] all = [.. ids, .. after];
        Dictionary<string, JsonNode> finals = await AllFinished.WaitAsync(other.Http, CountedTask.Name, all, AllFinal);
        TimeSpan final = DateTime.UtcNow - stopAt;
        IReadOnlyList<CountedTask.Run> runs = CountedTask.ReadRuns(_runs);
        var reruns = runs.Where(r => r.What == "start" && r.ProcessId == other.ProcessId && handedBack.Contains(r.ExecutionId)).ToList();
        output.WriteLine(
            $"{InFlight} attempts in flight at SIGTERM ({finishing} to finish, {InFlight - finishing} to hand back), {StartedAfterTheStop} started after it: " +
            $"the stopping host exited with {exitCode} after {stopped.TotalSeconds:F1} s; the other host started the handed-back attempts " +
            $"{(reruns.Count == 0 ? "never" : $"{(reruns.Min(r => r.At) - stopAt).TotalSeconds:F1}–{(reruns.Max(r => r.At) - stopAt).TotalSeconds:F1} s")} after SIGTERM; " +
            $"all {all.Length} final {final.TotalSeconds:F1} s after SIGTERM (locks {LockTimeout.TotalMinutes} min): " +
            string.Join(", ", finals.Values.GroupBy(ApiClient.Status).Select(g => $"{g.Count()} {g.Key}")) + ".");

        Assert.Equal(0, exitCode);
        Assert.All(all, id => Assert.Equal("completed", ApiClient.Status(finals[id])));

        // The stopping host started nothing once asked to stop.
        Assert.DoesNotContain(runs, r => r.What == "start" && r.ProcessId == stopping.ProcessId && r.At > stopAt);

        // Those that finished in the grace period ran once, there.
        Assert.All(finishers, id =>
        {
            Assert.Equal([stopping.ProcessId], runs.Where(r => r.ExecutionId == id).Select(r => r.ProcessId).Distinct());
            Assert.Single(runs, r => r.ExecutionId == id && r.What == "end");
            Assert.DoesNotContain(StartedOver, ApiClient.Messages(finals[id]));
        });

        // The others were cut at the end of the grace period and ran again, once, on the other host, saying so.
        Assert.All(handedBack, id =>
        {
            Assert.Equal(["start"], runs.Where(r => r.ExecutionId == id && r.ProcessId == stopping.ProcessId).Select(r => r.What));
            Assert.Equal(["start", "end"], runs.Where(r => r.ExecutionId == id && r.ProcessId == other.ProcessId).Select(r => r.What));
            Assert.Single(ApiClient.Messages(finals[id]), m => m == StartedOver);
        });

        // Work started after the stop began ran on the other host only.
        Assert.All(after, id => Assert.All(runs.Where(r => r.ExecutionId == id), r => Assert.Equal(other.ProcessId, r.ProcessId)));
    }
}
