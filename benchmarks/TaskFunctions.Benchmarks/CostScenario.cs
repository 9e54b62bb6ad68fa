using System.Diagnostics;
using System.Globalization;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskFunctions.LocalHost.Engine;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// What one execution costs, next to the raw engine, on the same in-process host and backend: a raw
/// one-activity orchestration, a plain service start, a one-at-a-time start (slot 0) and a start with an
/// idempotency key (a claim), each run one at a time.
/// <para>
/// Two passes. The timed pass runs each kind back to back, detecting completion by reading the execution
/// (<c>GetInstanceAsync(id, false)</c>) every 10 ms, and then reads the instances the run created and their
/// history. The counted pass (Azure Storage only) counts storage requests with no reads while it counts: an
/// idle window, then the start and a fixed window (default 3 s) long enough for the execution and its helpers
/// to finish (checked afterwards from the engine's update times) and for the queue polling that their messages
/// sped up to back off again; less the idle rate, pooled over the idle windows of all runs. Counting around
/// polling would need each read's own cost subtracted, and would stop at the execution's completion, before
/// its slot's release, the last messages' deletion and the extra polls.
/// </para>
/// </summary>
internal static class CostScenario
{
    private const int WarmUps = 3;

    private const int PollMs = 10;

    /// <summary>Pause after a counted run's reads, so that the engine's queue polling has backed off again.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    /// <summary>The idle window counted just before each counted run.</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(BenchmarkHost host, ApiSession api, int runs, int windowMs)
    {
        var client = host.App.Services.GetRequiredService<DurableTaskClient>();
        EngineBackend backend = host.App.Services.GetRequiredService<IOptions<EngineOptions>>().Value.Backend;
        var inspector = new CostInstances(client, host.App.Services.GetService<IOrchestrationServiceClient>());
        CostKind[] kinds = CostKind.All(client, api.Http);
        Dictionary<CostKind, CostResults> results = kinds.ToDictionary(k => k, _ => new CostResults());
        var total = Stopwatch.StartNew();

        for (int i = 0; i < WarmUps; i++)
        {
            foreach (CostKind kind in kinds)
            {
                await TimedRunAsync(kind, client, inspector);
            }
        }

        for (int i = 0; i < runs; i++)
        {
            foreach (CostKind kind in kinds)
            {
                (double ms, List<CreatedInstance> instances) = await TimedRunAsync(kind, client, inspector);
                results[kind].Completed.Add(ms);
                results[kind].Instances.Add(instances);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{total.Elapsed.TotalSeconds,6:F1} s] timed pass: {WarmUps} warm-up and {runs} measured runs of each kind, interleaved, back to back"));

        TimeSpan window = TimeSpan.FromMilliseconds(windowMs);
        IdleRates? idle = null;
        if (backend == EngineBackend.AzureStorage)
        {
            using var counter = new StorageRequestCounter();
            for (int i = 0; i < runs; i++)
            {
                foreach (CostKind kind in kinds)
                {
                    CountedRun counted = await CountedRunAsync(kind, client, inspector, counter, window);
                    results[kind].Counted.Add(counted);
                    results[kind].Instances.Add(counted.Instances);
                }
            }

            if (counter.Requests == 0)
            {
                throw new InvalidOperationException("The Azure-Core event listener counted no storage requests.");
            }

            idle = new IdleRates([.. results.Values.SelectMany(r => r.Counted)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{total.Elapsed.TotalSeconds,6:F1} s] counted pass: {runs} runs of each kind, interleaved; each after {Settle.TotalSeconds:F0} s settling and a {IdleWindow.TotalSeconds:F0} s idle window, counted over {window.TotalSeconds:F1} s from just before its start, without reads"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  idle: {idle.PerSecond(null):F2} requests/s ({idle.Requests(null)} in {idle.Seconds:F0} s of idle windows; " +
                $"{string.Join(", ", StorageRequestCounter.Category.All.Where(c => idle.Requests(c) > 0).Select(c => $"{c} {idle.PerSecond(c):F2}/s"))})"));
            foreach (CostKind kind in kinds)
            {
                List<CountedRun> counted = results[kind].Counted;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind.Name}: {counted.Min(c => c.Window.Values.Sum())}–{counted.Max(c => c.Window.Values.Sum())} requests in a window; " +
                    $"{counted.Count(c => !c.FinishedInWindow)} of {counted.Count} runs not finished within it"));
            }
        }

        CostReport.Print(kinds, results, idle, inspector.HistoryNote, string.Create(CultureInfo.InvariantCulture,
            $"Cost per execution on {backend}: {runs} sequential runs of each kind after {WarmUps} warm-ups; raw: '{RawEngine.Orchestration}' (one activity) via DurableTaskClient; " +
            $"plain and key: '{BenchmarkTasks.SyncLong}', one at a time: '{BenchmarkTasks.SyncSingle}' (ConcurrencyLimit 1), all {ServiceSide.QuickBody} over POST /tasks/{{task}}/execute/api; took {total.Elapsed.TotalSeconds:F0} s"));
    }

    /// <summary>Starts a run, polls its execution every 10 ms until finished (timed), waits for its helpers, reads what it created.</summary>
    private static async Task<(double Ms, List<CreatedInstance> Instances)> TimedRunAsync(CostKind kind, DurableTaskClient client, CostInstances inspector)
    {
        DateTimeOffset startedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        CostStart run = await kind.StartAsync();
        OrchestrationRuntimeStatus status = await WaitFinishedAsync(client, run.ExecutionId);
        double ms = watch.Elapsed.TotalMilliseconds;
        if (status != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{kind.Name} run {run.ExecutionId} ended {status}");
        }

        await inspector.WaitForHelpersAsync(run);
        return (ms, await inspector.ReadAsync(run, startedAt));
    }

    /// <summary>
    /// Settles, counts an idle window, then starts a run and counts the storage requests of a fixed window from
    /// just before the start, with no reads; afterwards reads what the run created and whether all of it had
    /// finished within the window.
    /// </summary>
    private static async Task<CountedRun> CountedRunAsync(CostKind kind, DurableTaskClient client, CostInstances inspector, StorageRequestCounter counter, TimeSpan window)
    {
        await Task.Delay(Settle);
        Dictionary<string, long> idleBefore = counter.ByCategory();
        var idleWatch = Stopwatch.StartNew();
        await Task.Delay(IdleWindow);
        Dictionary<string, long> idle = Since(counter.ByCategory(), idleBefore);
        double idleSeconds = idleWatch.Elapsed.TotalSeconds;

        Dictionary<string, long> before = counter.ByCategory();
        var watch = Stopwatch.StartNew();
        DateTimeOffset startedAt = DateTimeOffset.UtcNow;
        CostStart run = await kind.StartAsync();
        if (window > watch.Elapsed)
        {
            await Task.Delay(window - watch.Elapsed);
        }

        Dictionary<string, long> requests = Since(counter.ByCategory(), before);
        double seconds = watch.Elapsed.TotalSeconds;
        DateTimeOffset windowEnd = DateTimeOffset.UtcNow;

        OrchestrationRuntimeStatus status = await WaitFinishedAsync(client, run.ExecutionId);
        if (status != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{kind.Name} run {run.ExecutionId} ended {status}");
        }

        await inspector.WaitForHelpersAsync(run);
        List<CreatedInstance> instances = await inspector.ReadAsync(run, startedAt);
        DateTimeOffset executionDone = instances.First(i => i.Id == run.ExecutionId).LastUpdatedAt;
        DateTimeOffset allDone = instances.Max(i => i.LastUpdatedAt);
        return new CountedRun(
            requests, seconds, idle, idleSeconds, (executionDone - startedAt).TotalMilliseconds, (allDone - startedAt).TotalMilliseconds, allDone <= windowEnd, instances);
    }

    private static Dictionary<string, long> Since(Dictionary<string, long> now, Dictionary<string, long> before) =>
        StorageRequestCounter.Category.All.ToDictionary(c => c, c => now.GetValueOrDefault(c) - before.GetValueOrDefault(c), StringComparer.Ordinal);

    private static async Task<OrchestrationRuntimeStatus> WaitFinishedAsync(DurableTaskClient client, string id)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            OrchestrationMetadata? instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false);
            if (instance is not null && CompletionWatcher.IsFinished(instance.RuntimeStatus))
            {
                return instance.RuntimeStatus;
            }

            if (giveUp.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{id} still {instance?.RuntimeStatus.ToString() ?? "unknown"} after 2 minutes");
            }

            await Task.Delay(PollMs);
        }
    }
}

/// <summary>One counted run: the requests in its window and in the idle window before it, by category, and when the engine finished it.</summary>
internal sealed record CountedRun(
    Dictionary<string, long> Window,
    double Seconds,
    Dictionary<string, long> Idle,
    double IdleSeconds,
    double ExecutionDoneMs,
    double AllDoneMs,
    bool FinishedInWindow,
    List<CreatedInstance> Instances)
{
    /// <summary>Gets the requests of a category (null: all) in the window, less the idle rate over the window.</summary>
    public double AboveIdle(IdleRates idle, string? category) =>
        (category is null ? Window.Values.Sum() : Window[category]) - (idle.PerSecond(category) * Seconds);
}

/// <summary>The idle rates, pooled over every counted run's idle window (all kinds), by category.</summary>
internal sealed class IdleRates(IReadOnlyCollection<CountedRun> runs)
{
    public double Seconds { get; } = runs.Sum(r => r.IdleSeconds);

    public long Requests(string? category) => runs.Sum(r => category is null ? r.Idle.Values.Sum() : r.Idle[category]);

    public double PerSecond(string? category) => Requests(category) / Seconds;
}

/// <summary>Everything measured of one kind.</summary>
internal sealed class CostResults
{
    /// <summary>Gets start → seen completed of the timed runs, in ms.</summary>
    public List<double> Completed { get; } = [];

    /// <summary>Gets the instances each run (timed and counted) created.</summary>
    public List<List<CreatedInstance>> Instances { get; } = [];

    public List<CountedRun> Counted { get; } = [];
}
