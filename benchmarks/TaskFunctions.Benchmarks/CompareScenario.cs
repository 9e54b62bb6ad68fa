using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskFunctions.LocalHost.Engine;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// The raw engine and the service side by side, in one process, on one backend, with the same engine settings
/// and the same completion detector (<see cref="CompletionWatcher"/>).
/// </summary>
internal static partial class CompareScenario
{
    /// <summary>How many starts of a burst are in flight at once, on both sides.</summary>
    private const int InFlight = 50;

    /// <summary>Pause between the status reads during a burst, so that the reader loads both sides alike and lightly.</summary>
    private const int ReadPauseMs = 10;

    public static async Task RunAsync(BenchmarkHost host, ApiSession api, int burst, int sequential, int others)
    {
        var client = host.App.Services.GetRequiredService<DurableTaskClient>();
        EngineBackend backend = host.App.Services.GetRequiredService<IOptions<EngineOptions>>().Value.Backend;
        var watcher = new CompletionWatcher(client);
        var raw = new RawSide(client);
        var service = new ServiceSide(api);
        CompareSide[] sides = [raw, service];
        var report = new CompareReport();
        var total = Stopwatch.StartNew();

        // Warm-up: a few runs of each; the service's runs must show the after middleware's entry.
        Dictionary<CompareSide, Sequential> warm = await SequentialAsync(sides, watcher, 5);
        JsonElement execution = await api.GetAsync(warm[service].LastId);
        if (!ApiSession.Logs(execution).Any(e => ApiSession.Message(e).StartsWith("执行耗时", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"'{BenchmarkTasks.SyncLong}' ran no after middleware: {execution}");
        }

        Dictionary<CompareSide, Sequential> runs = await SequentialAsync(sides, watcher, sequential);
        Dictionary<CompareSide, double> idleReads = [];
        foreach (CompareSide side in sides)
        {
            idleReads[side] = Stats.Median(await IdleReadsAsync(side, runs[side].LastId));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{total.Elapsed.TotalSeconds,6:F1} s] {sequential} sequential runs of each, interleaved"));

        Dictionary<CompareSide, Burst> bursts = [];
        foreach (CompareSide side in sides)
        {
            bursts[side] = await BurstAsync(side, client, watcher, burst);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{total.Elapsed.TotalSeconds,6:F1} s] burst of {burst} {side.Name}: {bursts[side].Seconds:F2} s, outcomes {bursts[side].Outcomes}, {bursts[side].Reads.Count} status reads"));
        }

        report.Add($"completions per second, burst of {burst} ({InFlight} starts in flight)", bursts[raw].PerSecond, bursts[service].PerSecond);
        report.Add("burst: first start -> last completion (s)", bursts[raw].Seconds, bursts[service].Seconds);
        report.AddCounts($"burst: runs that completed (of {burst})", bursts[raw].Completed, bursts[service].Completed);
        report.Add("start -> completed p50 (ms)", P(runs[raw].Completed, 50), P(runs[service].Completed, 50));
        report.Add("start -> completed p90 (ms)", P(runs[raw].Completed, 90), P(runs[service].Completed, 90));
        report.Add("POST -> 202 p50 (ms; raw: schedule call)", P(runs[raw].Post, 50), P(runs[service].Post, 50));
        report.Add("POST -> 202 p99 (ms; raw: schedule call)", P(runs[raw].Post, 99), P(runs[service].Post, 99));
        report.Add("status GET p50 during the burst (ms; raw: read with inputs and outputs)", P(bursts[raw].Reads, 50), P(bursts[service].Reads, 50));
        report.Add("status GET p99 during the burst (ms)", P(bursts[raw].Reads, 99), P(bursts[service].Reads, 99));
        report.Add("status GET p50 idle, one finished run (ms)", idleReads[raw], idleReads[service]);

        if (backend == EngineBackend.AzureStorage)
        {
            await StorageRequestsAsync(sides, watcher, report, total);
        }
        else
        {
            report.AddWithoutRatio("storage requests per second (Azure Storage only)", "n/a", "n/a");
        }

        if (others > 0)
        {
            await HistoryCostAsync(sides, watcher, report, sequential, others, total);
        }

        report.Print(string.Create(CultureInfo.InvariantCulture,
            $"Compare on {backend} (engine concurrency {host.App.Services.GetRequiredService<IOptions<EngineOptions>>().Value.Concurrency}): burst {burst}, sequential {sequential}, others {others}; " +
            $"raw: '{RawEngine.Orchestration}' (one activity), service: '{BenchmarkTasks.SyncLong}' {ServiceSide.QuickBody}; took {total.Elapsed.TotalSeconds:F0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compare: throughput_ratio={bursts[service].PerSecond / bursts[raw].PerSecond:F2} start_to_completed_ratio={P(runs[service].Completed, 50) / P(runs[raw].Completed, 50):F2} post_p50_ms={P(runs[service].Post, 50):F2} status_p50_ms={P(bursts[service].Reads, 50):F2} status_ratio={P(bursts[service].Reads, 50) / P(bursts[raw].Reads, 50):F2}"));
    }

    private static double P(List<double> values, double percent) => Stats.Percentile(values, percent);

    /// <summary>Runs one at a time, alternating the sides: start, then poll until finished.</summary>
    private static async Task<Dictionary<CompareSide, Sequential>> SequentialAsync(CompareSide[] sides, CompletionWatcher watcher, int count)
    {
        Dictionary<CompareSide, Sequential> runs = sides.ToDictionary(s => s, _ => new Sequential());
        for (int i = 0; i < count; i++)
        {
            foreach (CompareSide side in sides)
            {
                var watch = Stopwatch.StartNew();
                (string id, double ms) = await side.StartAsync(Workload.Quick);
                OrchestrationRuntimeStatus status = await watcher.WaitAsync(id);
                double completed = watch.Elapsed.TotalMilliseconds;
                if (status != OrchestrationRuntimeStatus.Completed)
                {
                    throw new InvalidOperationException($"{side.Name} run {id} ended {status}");
                }

                runs[side].Post.Add(ms);
                runs[side].Completed.Add(completed);
                runs[side].LastId = id;
            }
        }

        return runs;
    }

    /// <summary>Reads of one finished run, one at a time, after ten unmeasured ones.</summary>
    private static async Task<List<double>> IdleReadsAsync(CompareSide side, string id)
    {
        List<double> times = [];
        for (int i = 0; i < 60; i++)
        {
            var watch = Stopwatch.StartNew();
            await side.ReadAsync(id);
            if (i >= 10)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    /// <summary>Starts runs with at most <see cref="InFlight"/> start calls at once.</summary>
    private static async Task StartManyAsync(CompareSide side, Workload workload, int count, PendingRuns pending)
    {
        using var gate = new SemaphoreSlim(InFlight);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                pending.Add((await side.StartAsync(workload)).Id);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>
    /// A burst started at once, timed from the first start to the last completion, while a reader keeps reading
    /// one random run of the burst as a client would (one read at a time, <see cref="ReadPauseMs"/> apart).
    /// </summary>
    private static async Task<Burst> BurstAsync(CompareSide side, DurableTaskClient client, CompletionWatcher watcher, int count)
    {
        DateTimeOffset createdFrom = DateTimeOffset.UtcNow;
        var pending = new PendingRuns();
        var clock = Stopwatch.StartNew();
        Task allStarted = StartManyAsync(side, Workload.Quick, count, pending);
        using var stopReading = new CancellationTokenSource();
        Task<List<double>> reads = ReadWhileAsync(side, pending, stopReading.Token);
        (Dictionary<OrchestrationRuntimeStatus, int> outcomes, TimeSpan lastSeen) = await watcher.WaitAllAsync(pending, allStarted, clock);
        await stopReading.CancelAsync();
        foreach (string id in pending.Unsuccessful)
        {
            Console.WriteLine($"  {side.Name} run {id} did not complete: {await side.DescribeAsync(id)}");
        }

        var burstResult = new Burst(
            count / lastSeen.TotalSeconds, lastSeen.TotalSeconds, outcomes.GetValueOrDefault(OrchestrationRuntimeStatus.Completed), Describe(outcomes), await reads);
        await PurgeAsync(client, createdFrom);
        return burstResult;
    }

    /// <summary>
    /// Purges the instances created since a time, so that the next burst finds the task hub as this one did
    /// (Azurite scans whole tables, so every stored row slows the requests after it).
    /// </summary>
    private static async Task PurgeAsync(DurableTaskClient client, DateTimeOffset createdFrom)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            PurgeResult purged = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(createdFrom, null, [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  purged {purged.PurgedInstanceCount} instances in {watch.Elapsed.TotalSeconds:F1} s"));
        }
        catch (Exception e) when (e is Grpc.Core.RpcException or NotSupportedException or NotImplementedException)
        {
            Console.WriteLine($"  not purged: {e.Message}");
        }
    }

    private static async Task<List<double>> ReadWhileAsync(CompareSide side, PendingRuns pending, CancellationToken stop)
    {
        List<double> times = [];
        while (!stop.IsCancellationRequested)
        {
            if (pending.RandomStarted() is not { } id)
            {
                await Task.Delay(5, CancellationToken.None);
                continue;
            }

            var watch = Stopwatch.StartNew();
            await side.ReadAsync(id);
            times.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(ReadPauseMs, CancellationToken.None);
        }

        return times;
    }

    private static string Describe(Dictionary<OrchestrationRuntimeStatus, int> outcomes) =>
        string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"));

    private sealed class Sequential
    {
        public List<double> Post { get; } = [];

        public List<double> Completed { get; } = [];

        public string LastId { get; set; } = string.Empty;
    }

    private sealed record Burst(double PerSecond, double Seconds, int Completed, string Outcomes, List<double> Reads);
}
