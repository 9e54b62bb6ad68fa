using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask.Client;

namespace TaskFunctions.Benchmarks;

/// <summary>What running and finished runs cost each side: storage requests, and starts and reads with a fuller task hub.</summary>
internal static partial class CompareScenario
{
    /// <summary>How long storage requests are counted, in the middle of the long runs.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(8);

    /// <summary>How long the storage requests of <see cref="QuickRuns"/> quick runs are counted.</summary>
    private static readonly TimeSpan QuickWindow = TimeSpan.FromSeconds(12);

    /// <summary>How many quick runs the storage requests per run are counted over.</summary>
    private const int QuickRuns = 50;

    /// <summary>Storage requests per second with nothing running, and while 5 and 50 long runs of each side run.</summary>
    private static async Task StorageRequestsAsync(CompareSide[] sides, CompletionWatcher watcher, CompareReport report, Stopwatch total)
    {
        using var counter = new StorageRequestCounter();
        await Task.Delay(TimeSpan.FromSeconds(3)); // let the engine's queue polling back off after the bursts
        long idleBefore = counter.Requests;
        double idle = await counter.PerSecondAsync(Window);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{total.Elapsed.TotalSeconds,6:F1} s] Azure-Core 'Request' events counted in the idle window: {counter.Requests - idleBefore} ({idle:F1}/s)"));
        if (counter.Requests == 0)
        {
            throw new InvalidOperationException("The Azure-Core event listener counted no storage requests.");
        }

        report.AddWithoutRatio("storage requests per second, nothing running", CompareReport.Number(idle), CompareReport.Number(idle));
        foreach (int running in new[] { 5, 50 })
        {
            Dictionary<CompareSide, double> rates = [];
            foreach (CompareSide side in sides)
            {
                var pending = new PendingRuns();
                var started = Stopwatch.StartNew();
                await StartManyAsync(side, Workload.Long, running, pending);
                double startSeconds = started.Elapsed.TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(2));
                rates[side] = await counter.PerSecondAsync(Window);
                (Dictionary<OrchestrationRuntimeStatus, int> outcomes, _) = await watcher.WaitAllAsync(pending, Task.CompletedTask, Stopwatch.StartNew());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{total.Elapsed.TotalSeconds,6:F1} s] {running} long runs of {side.Name} (started in {startSeconds:F2} s): {rates[side]:F1} storage requests/s; outcomes {Describe(outcomes)}"));
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            report.Add($"storage requests per second, {running} running (service: ticker logging 1 line/s; raw: activity sleeping)", rates[sides[0]], rates[sides[1]]);
            report.AddWithoutRatio(
                "  the same above idle, per running execution", CompareReport.Number((rates[sides[0]] - idle) / running), CompareReport.Number((rates[sides[1]] - idle) / running));
        }

        Dictionary<CompareSide, double> perRun = [];
        foreach (CompareSide side in sides)
        {
            perRun[side] = await RequestsPerQuickRunAsync(side, watcher, counter, idle, total);
        }

        report.Add($"storage requests per quick run, start to completion, above idle ({QuickRuns} at once)", perRun[sides[0]], perRun[sides[1]]);
    }

    /// <summary>
    /// Storage requests per quick run: <see cref="QuickRuns"/> started at once and counted, without any reads, until
    /// a fixed time after the first start by which all have finished; less the idle rate.
    /// </summary>
    private static async Task<double> RequestsPerQuickRunAsync(CompareSide side, CompletionWatcher watcher, StorageRequestCounter counter, double idle, Stopwatch total)
    {
        var pending = new PendingRuns();
        long before = counter.Requests;
        var watch = Stopwatch.StartNew();
        await StartManyAsync(side, Workload.Quick, QuickRuns, pending);
        await Task.Delay(QuickWindow - watch.Elapsed);
        long requests = counter.Requests - before;
        double seconds = watch.Elapsed.TotalSeconds;
        DateTimeOffset windowEnd = DateTimeOffset.UtcNow;
        DateTimeOffset lastUpdate = await watcher.LastUpdateAsync(pending.AllStarted());
        (Dictionary<OrchestrationRuntimeStatus, int> outcomes, _) = await watcher.WaitAllAsync(pending, Task.CompletedTask, Stopwatch.StartNew());
        double perRun = (requests - (idle * seconds)) / QuickRuns;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{total.Elapsed.TotalSeconds,6:F1} s] {QuickRuns} quick runs of {side.Name}: {requests} storage requests in {seconds:F1} s, {perRun:F1} per run above idle; the last finished {(windowEnd - lastUpdate).TotalSeconds:F1} s before the count ended; outcomes {Describe(outcomes)}"));
        if (lastUpdate > windowEnd)
        {
            Console.WriteLine($"  ({side.Name}: not all had finished when the count ended; the figure is too low)");
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        return perRun;
    }

    /// <summary>POST -> 202 and idle status GET medians before and after many finished runs of another kind.</summary>
    private static async Task HistoryCostAsync(CompareSide[] sides, CompletionWatcher watcher, CompareReport report, int sequential, int others, Stopwatch total)
    {
        (Dictionary<CompareSide, double> postBefore, Dictionary<CompareSide, double> readBefore) = await IdleFiguresAsync(sides, watcher, sequential);
        foreach (CompareSide side in sides)
        {
            var created = Stopwatch.StartNew();
            for (int done = 0; done < others; done += 200)
            {
                var pending = new PendingRuns();
                await StartManyAsync(side, Workload.Other, Math.Min(200, others - done), pending);
                await watcher.WaitAllAsync(pending, Task.CompletedTask, Stopwatch.StartNew());
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{total.Elapsed.TotalSeconds,6:F1} s] {others} other runs of {side.Name} created and finished in {created.Elapsed.TotalSeconds:F1} s"));
        }

        (Dictionary<CompareSide, double> postAfter, Dictionary<CompareSide, double> readAfter) = await IdleFiguresAsync(sides, watcher, sequential);
        CompareSide raw = sides[0], service = sides[1];
        report.Add($"POST -> 202 p50 before {others} others (ms)", postBefore[raw], postBefore[service]);
        report.Add($"POST -> 202 p50 after {others} others (ms)", postAfter[raw], postAfter[service]);
        report.Add("  after / before", postAfter[raw] / postBefore[raw], postAfter[service] / postBefore[service]);
        report.Add($"status GET p50 idle before {others} others (ms)", readBefore[raw], readBefore[service]);
        report.Add($"status GET p50 idle after {others} others (ms)", readAfter[raw], readAfter[service]);
        report.Add("  after / before", readAfter[raw] / readBefore[raw], readAfter[service] / readBefore[service]);
    }

    private static async Task<(Dictionary<CompareSide, double> Post, Dictionary<CompareSide, double> Read)> IdleFiguresAsync(
        CompareSide[] sides, CompletionWatcher watcher, int sequential)
    {
        Dictionary<CompareSide, Sequential> runs = await SequentialAsync(sides, watcher, sequential);
        Dictionary<CompareSide, double> post = [], read = [];
        foreach (CompareSide side in sides)
        {
            post[side] = Stats.Median(runs[side].Post);
            read[side] = Stats.Median(await IdleReadsAsync(side, runs[side].LastId));
        }

        return (post, read);
    }
}
