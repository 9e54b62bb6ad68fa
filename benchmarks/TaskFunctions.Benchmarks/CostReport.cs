using System.Globalization;

namespace TaskFunctions.Benchmarks;

/// <summary>The cost scenario's markdown table, one column per kind, and its last line.</summary>
internal static class CostReport
{
    public static void Print(CostKind[] kinds, Dictionary<CostKind, CostResults> results, IdleRates? idle, string historyNote, string header)
    {
        List<string[]> rows = [];
        void Row(string measure, Func<CostResults, string> cell) => rows.Add([measure, .. kinds.Select(k => cell(results[k]))]);

        Row("storage requests, mean (start → all its instances finished, above idle)", r => Requests(r, idle, null, mean: true));
        Row("storage requests, min–max", r => Requests(r, idle, null, mean: false));
        foreach (string category in StorageRequestCounter.Category.All)
        {
            if (idle is not null && results.Values.Any(r => r.Counted.Any(c => c.Window[category] > 0)))
            {
                Row($"  {category}, mean (min–max)", r => $"{Requests(r, idle, category, mean: true)} ({Requests(r, idle, category, mean: false)})");
            }
        }

        Row("instances created", r => Agree(r, i => $"{i.Count} ({string.Join(", ", i.Select(x => x.Role))})"));
        Row("final runtime status", r => Agree(r, i => string.Join(", ", i.Select(x => $"{x.Role} {x.Status}"))));
        Row("history events (latest execution of each instance)", r => History(r, h => h.Events));
        Row("episodes (OrchestratorStarted)", r => History(r, h => h.Episodes));
        Row("activities scheduled (TaskScheduled)", r => History(r, h => h.Activities));
        Row("timers created (TimerCreated)", r => History(r, h => h.Timers));
        Row("events sent (EventSent)", r => History(r, h => h.EventsSent));
        Row("events received (EventRaised)", r => History(r, h => h.EventsRaised));
        Row("start → completed p50 ms (back to back, read every 10 ms)", r => F(Stats.Percentile(r.Completed, 50), "F1"));
        Row("start → completed p90 ms (back to back, read every 10 ms)", r => F(Stats.Percentile(r.Completed, 90), "F1"));
        Row("start → completed p50 ms from idle (engine's update time; counted runs)", r => Counted(r, c => c.ExecutionDoneMs, 50));
        Row("start → last of its instances finished, max ms (counted runs)", r => Counted(r, c => c.AllDoneMs, 100));

        Console.WriteLine();
        Console.WriteLine(header);
        Console.WriteLine(historyNote);

        Console.WriteLine();
        Console.WriteLine($"| per execution | {string.Join(" | ", kinds.Select(k => k.Name))} |");
        Console.WriteLine($"|---|{string.Concat(kinds.Select(_ => "---:|"))}");
        foreach (string[] row in rows)
        {
            Console.WriteLine($"| {string.Join(" | ", row)} |");
        }

        Console.WriteLine();
        string[] names = ["raw", "plain", "single", "key"];
        Console.WriteLine("cost: " + string.Join(' ', kinds.Select((k, i) =>
            $"{names[i]}={Requests(results[k], idle, null, mean: true)}")));
    }

    private static string F(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Requests per execution above idle, of one category or all: the mean, or the min–max over the counted runs.</summary>
    private static string Requests(CostResults r, IdleRates? idle, string? category, bool mean)
    {
        if (idle is null || r.Counted.Count == 0)
        {
            return "n/a";
        }

        double[] values = [.. r.Counted.Select(c => c.AboveIdle(idle, category))];
        return mean ? F(values.Average(), "F1") : $"{F(values.Min(), "F1")}–{F(values.Max(), "F1")}";
    }

    private static string Counted(CostResults r, Func<CountedRun, double> value, double percent) =>
        r.Counted.Count == 0 ? "n/a" : F(Stats.Percentile([.. r.Counted.Select(value)], percent), "F0");

    /// <summary>A history count: the total over the run's instances, and each instance's part when there are several.</summary>
    private static string History(CostResults r, Func<HistoryCounts, int> count) => Agree(r, instances =>
    {
        if (instances.Any(i => i.History is null))
        {
            return "not readable";
        }

        int[] parts = [.. instances.Select(i => count(i.History!))];
        return parts.Length == 1 ? $"{parts[0]}" : $"{parts.Sum()} ({string.Join(" + ", parts)})";
    });

    /// <summary>The runs' common description, or each distinct one with how many runs gave it.</summary>
    private static string Agree(CostResults r, Func<List<CreatedInstance>, string> describe)
    {
        List<IGrouping<string, string>> groups = [.. r.Instances.Select(describe).GroupBy(d => d).OrderByDescending(g => g.Count())];
        return groups.Count switch
        {
            0 => "n/a",
            1 => groups[0].Key,
            _ => string.Join(" or ", groups.Select(g => $"{g.Key} ({g.Count()} of {r.Instances.Count} runs)")),
        };
    }
}
