using System.Text.Json.Nodes;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Faults;

/// <summary>
/// A host killed under load: <see cref="Executions"/> executions of <see cref="CountedTask"/> in flight (running or
/// queued; <c>TASKFUNCTIONS_LOAD_CRASH</c>, 100 in CI), SIGKILL, and the host started again on the same task hub and
/// Azurite. Every execution reaches its outcome, none is lost, and every run of a handler beyond the first (counted
/// in files the killed process cannot lose) is reported in its execution's log. The engine's locks are set to the
/// shortest the host accepts, so that the restarted host takes the dead one's work over within seconds.
/// </summary>
public sealed class HostCrashUnderLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string StartedOver = "第 1 次尝试因主机中断重新运行";
    private const int Concurrency = 64;
    private const int Clients = 10;
    private static readonly int Executions = LoadSize.Setting("TASKFUNCTIONS_LOAD_CRASH", 100);

    private AzuriteProcess _azurite = null!;
    private string _runs = null!;
    private string[] _arguments = [];

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _runs = Directory.CreateTempSubdirectory("runs-").FullName;
        _arguments =
        [
            "--backend", "azurestorage", "--connection-string", _azurite.ConnectionString, "--task-hub", "crashload" + Guid.NewGuid().ToString("N")[..12],
            "--Engine:Concurrency", $"{Concurrency}", "--Engine:WorkItemLockTimeout", "00:00:05", "--Engine:ControlQueueLockTimeout", "00:00:10",
            "--Engine:PartitionLeaseTimeout", "00:00:06",

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
    public async Task Crash_KillUnderLoadAndRestart_EveryExecutionFinishesAndEveryRerunIsInItsLog()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [CountedTask.RunsVariable] = _runs };
        string[] ids;
        IReadOnlyList<CountedTask.Run> beforeKill;
        int killed;
        await using (HostProcess first = await HostProcess.StartTestHostAsync(environment, _arguments))
        {
            killed = first.ProcessId;
            ids = await StartAllAsync(first.Http);

            // Killed while half of what the host runs at once is in its handler, and the rest queued.
            int running = Math.Max(1, Math.Min(Executions, Concurrency) / 2);
            await Eventually.UntilAsync(
                () => CountedTask.ReadRuns(_runs).Count(r => r.What == "start") >= running,
                TimeSpan.FromMinutes(2),
                $"{running} handlers did not start",
                interval: TimeSpan.FromMilliseconds(20));
            await first.KillAsync();
            beforeKill = CountedTask.ReadRuns(_runs);
        }

        DateTime restartedAt = DateTime.UtcNow;
        await using HostProcess second = await HostProcess.StartTestHostAsync(environment, _arguments);
        Dictionary<string, JsonNode> finals = await AllFinished.WaitAsync(second.Http, CountedTask.Name, ids, TimeSpan.FromMinutes(3) + (Executions * TimeSpan.FromMilliseconds(200)));
        TimeSpan recovered = DateTime.UtcNow - restartedAt;

        IReadOnlyList<CountedTask.Run> runs = CountedTask.ReadRuns(_runs);
        var cut = beforeKill.Where(r => r.What == "start").Select(r => r.ExecutionId)
            .Except(beforeKill.Where(r => r.What == "end").Select(r => r.ExecutionId), StringComparer.Ordinal)
            .ToHashSet(StringComparer.Ordinal);
        int finishedBefore = beforeKill.Count(r => r.What == "end");
        // A run that begins once its execution's outcome is in cannot change it, nor show in its log: the engine
        // re-sends an attempt that the dead host had scheduled without recording it, and the restarted host runs the
        // copy late. The outcome is in when the execution has finished, or as soon as a run of its handler has returned
        // (the task has no retries: the first run that returns decides), which may be a moment before the engine
        // records the finish, while the copy is already starting.
        var outcomeAt = ids.ToDictionary(
            id => id,
            id => runs.Where(r => r.What == "end" && r.ExecutionId == id).Select(r => r.At)
                .Append(finals[id]["finishedAt"]!.GetValue<DateTime>().ToUniversalTime()).Min(),
            StringComparer.Ordinal);
        var late = runs.Where(r => r.What == "start" && r.At > outcomeAt[r.ExecutionId]).ToList();
        Dictionary<string, int> starts = runs.Where(r => r.What == "start" && r.At <= outcomeAt[r.ExecutionId])
            .GroupBy(r => r.ExecutionId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var reported = ids.ToDictionary(id => id, id => ApiClient.Messages(finals[id]).Count(m => m == StartedOver), StringComparer.Ordinal);
        output.WriteLine(
            $"{Executions} executions; at the kill {cut.Count} handlers were running, {finishedBefore} had returned, {Executions - cut.Count - finishedBefore} had not started; " +
            $"all final {recovered.TotalSeconds:F1} s after the restart began: {string.Join(", ", finals.Values.GroupBy(ApiClient.Status).Select(g => $"{g.Count()} {g.Key}"))}; " +
            $"handler runs {starts.Values.Sum()}, runs again {starts.Values.Sum(n => n - 1)}, reported in the log {reported.Values.Sum()} " +
            $"(of which {ids.Count(id => reported[id] > 0 && starts.GetValueOrDefault(id) < 2)} where the killed host had taken the attempt but not called the handler); " +
            $"runs begun after their execution's outcome was in: {late.Count}.");

        // None lost: every execution accepted before the crash completed (its timeout, 10 minutes, is far away).
        Assert.All(ids, id => Assert.Equal("completed", ApiClient.Status(finals[id])));
        Assert.NotEmpty(cut);
        Assert.All(ids, id =>
        {
            Assert.True(starts.GetValueOrDefault(id) >= 1, $"{id}: its handler never ran");
            Assert.True(runs.Any(r => r.What == "end" && r.ExecutionId == id), $"{id}: completed, but no run of its handler returned");
        });

        // At least once, and never silently twice while it runs: every run beyond the first is reported in the execution's
        // log. (The note also shows where the killed host had taken the attempt but not yet called the handler.)
        Assert.All(cut, id => Assert.True(starts[id] >= 2, $"{id}: the handler the kill cut short did not run again"));
        Assert.All(ids, id => Assert.True(
            reported[id] >= starts.GetValueOrDefault(id) - 1 && reported[id] <= starts.GetValueOrDefault(id),
            $"{id}: the handler ran {starts.GetValueOrDefault(id)} times, the log reports {reported[id]} reruns: " +
            $"{string.Join(" | ", finals[id]["logs"]!.AsArray().Select(e => $"{e!["timestamp"]} {e["message"]} {e["data"]?.ToJsonString()}"))}; " +
            $"runs: {string.Join(", ", runs.Where(r => r.ExecutionId == id).OrderBy(r => r.At).Select(r => $"{r.What} on {(r.ProcessId == killed ? "the killed host" : "the restarted host")} at {r.At:HH:mm:ss.fff}"))}"));
    }

    /// <summary>Starts every execution from <see cref="Clients"/> clients at once.</summary>
    private static async Task<string[]> StartAllAsync(HttpClient http)
    {
        string[][] started = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (int i = c; i < Executions; i += Clients)
            {
                mine.Add(await http.StartAsync(CountedTask.Name, new { sleepMs = 5000 }, trigger: "api"));
            }

            return mine.ToArray();
        })));
        return [.. started.SelectMany(s => s)];
    }
}
