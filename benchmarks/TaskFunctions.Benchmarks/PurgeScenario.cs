using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// What history costs, and what a purge gives back: a start and a task listing measured on an empty task hub, after
/// <c>others</c> finished executions of another task, and after purging them through the API. Each phase first runs the
/// 20 executions the listing pages through, then measures; on Azure Storage it also counts the rows of the hub's
/// Instances and History tables. Ten executions of a third task warm the host up first (they stay until the purge).
/// </summary>
internal static class PurgeScenario
{
    private const string SyncBody = """{ "params": { "durationMs": 0, "steps": 1 } }""";
    private const int Listed = 20;
    private const int Starts = 30;
    private const int ListCalls = 50;
    private const int FillBatch = 100;

    private sealed record Phase(string Name, long? InstanceRows, long? HistoryRows, List<double> Post, List<double> Completed, List<double> List);

    public static async Task RunAsync(ApiSession api, string[] engine, int others)
    {
        HubTables? tables = HubTables.From(engine);

        // Warm the host and the engine up on another task: the first calls of a process are slower than any later ones.
        for (int i = 0; i < 10; i++)
        {
            (string id, _) = await api.StartAsync(BenchmarkTasks.SyncLong, SyncBody);
            await api.PollAsync(id, e => e.GetProperty("status").GetString() != "running");
            await api.Http.GetFromJsonAsync<JsonElement>($"/tasks/running/{BenchmarkTasks.SyncLong}?limit=10");
        }

        List<Phase> phases = [await MeasureAsync(api, tables, "empty hub")];

        var fill = Stopwatch.StartNew();
        for (int done = 0; done < others; done += FillBatch)
        {
            string[] batch = await Task.WhenAll(Enumerable.Range(done, Math.Min(FillBatch, others - done)).Select(_ => StartOtherAsync(api)));
            await WaitAllFinishedAsync(api, [.. batch]);
        }

        double fillSeconds = fill.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5)); // let the storage settle after the writes
        phases.Add(await MeasureAsync(api, tables, $"after {others:N0} finished"));

        await Task.Delay(TimeSpan.FromSeconds(1));
        string before = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var purge = Stopwatch.StartNew();
        using HttpResponseMessage response = await api.Http.DeleteAsync($"/tasks/executions/purge?before={Uri.EscapeDataString(before)}");
        double purgeSeconds = purge.Elapsed.TotalSeconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The purge answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        int purged = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("purged").GetInt32();
        await Task.Delay(TimeSpan.FromSeconds(5));
        phases.Add(await MeasureAsync(api, tables, "after the purge"));

        Print(phases, others, fillSeconds, purged, purgeSeconds);
    }

    /// <summary>
    /// Starts one execution of the filler task. On a loaded machine Azurite can take longer than the API's storage
    /// bound: a start answered 503 is sent again (one that reached the store anyway runs too, and is purged with the
    /// others).
    /// </summary>
    private static async Task<string> StartOtherAsync(ApiSession api)
    {
        for (int attempt = 1; ; attempt++)
        {
            using HttpResponseMessage response = await api.Http.PostAsync($"/tasks/{BenchmarkTasks.Other}/execute/api", new StringContent("{}"));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("executionId").GetString()!;
            }

            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 10)
            {
                throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Waits until every execution has finished, reading the oldest few at a time; a read answered 503 is read again later.</summary>
    private static async Task WaitAllFinishedAsync(ApiSession api, List<string> pending)
    {
        while (pending.Count > 0)
        {
            string[] batch = [.. pending.Take(20)];
            bool[] finished = await Task.WhenAll(batch.Select(async id =>
            {
                using HttpResponseMessage response = await api.Http.GetAsync($"/tasks/running/execution/{id}");
                return response.StatusCode == HttpStatusCode.OK
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() != "running";
            }));
            pending.RemoveAll(id => Array.IndexOf(batch, id) is int index and >= 0 && finished[index]);
            if (finished.Contains(false))
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<Phase> MeasureAsync(ApiSession api, HubTables? tables, string name)
    {
        for (int i = 0; i < Listed; i++)
        {
            (string id, _) = await api.StartAsync(BenchmarkTasks.Sync, SyncBody);
            await api.PollAsync(id, e => e.GetProperty("status").GetString() != "running");
        }

        (long Instances, long History)? rows = tables is null ? null : await tables.CountAsync();

        List<double> list = [];
        for (int i = 0; i < ListCalls + 10; i++)
        {
            var watch = Stopwatch.StartNew();
            JsonElement page = await api.Http.GetFromJsonAsync<JsonElement>($"/tasks/running/{BenchmarkTasks.Sync}?limit=10");
            double ms = watch.Elapsed.TotalMilliseconds;
            if (page.GetArrayLength() != 10)
            {
                throw new InvalidOperationException($"Listed {page.GetArrayLength()} executions, not 10.");
            }

            if (i >= 10)
            {
                list.Add(ms);
            }
        }

        List<double> post = [], completed = [];
        for (int i = 0; i < Starts + 5; i++)
        {
            var watch = Stopwatch.StartNew();
            (string id, double ms) = await api.StartAsync(BenchmarkTasks.Sync, SyncBody);
            (JsonElement done, _) = await api.PollAsync(id, e => e.GetProperty("status").GetString() != "running", intervalMs: 10);
            if (i >= 5)
            {
                post.Add(ms);
                completed.Add(watch.Elapsed.TotalMilliseconds);
            }

            if (done.GetProperty("status").GetString() != "completed")
            {
                throw new InvalidOperationException($"{id} ended {done.GetProperty("status")}.");
            }
        }

        return new Phase(name, rows?.Instances, rows?.History, post, completed, list);
    }

    private static void Print(List<Phase> phases, int others, double fillSeconds, int purged, double purgeSeconds)
    {
        static string Ms(List<double> values, double percent) => Stats.Percentile(values, percent).ToString("F1", CultureInfo.InvariantCulture);
        static string Rows(long? count) => count?.ToString("N0", CultureInfo.InvariantCulture) ?? "n/a";
        string Ratio(Func<Phase, double> value, int phase) => (value(phases[phase]) / value(phases[0])).ToString("F2", CultureInfo.InvariantCulture);

        Console.WriteLine($"Purge: a start and a listing on an empty hub, after {others:N0} finished executions of another task, and after purging them.");
        Console.WriteLine($"  Each phase: {Listed} executions of '{BenchmarkTasks.Sync}' to list first; then GET /tasks/running/{BenchmarkTasks.Sync}?limit=10 {ListCalls} times");
        Console.WriteLine($"  (after 10 warm-up calls), then {Starts} sequential starts of it after 5 warm-up starts (POST -> 202, and start -> completed polled every 10 ms).");
        Console.WriteLine();
        Console.WriteLine($"| | {string.Join(" | ", phases.Select(p => p.Name))} |");
        Console.WriteLine($"|---|{string.Concat(phases.Select(_ => "---:|"))}");
        Console.WriteLine($"| rows in Instances / History | {string.Join(" | ", phases.Select(p => $"{Rows(p.InstanceRows)} / {Rows(p.HistoryRows)}"))} |");
        Console.WriteLine($"| POST -> 202 p50 / p90 (ms) | {string.Join(" | ", phases.Select(p => $"{Ms(p.Post, 50)} / {Ms(p.Post, 90)}"))} |");
        Console.WriteLine($"| start -> completed p50 (ms) | {string.Join(" | ", phases.Select(p => Ms(p.Completed, 50)))} |");
        Console.WriteLine($"| list p50 / p90 (ms) | {string.Join(" | ", phases.Select(p => $"{Ms(p.List, 50)} / {Ms(p.List, 90)}"))} |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| POST -> 202 p50, list p50 vs empty hub | 1.00, 1.00 | {Ratio(p => Stats.Median(p.Post), 1)}, {Ratio(p => Stats.Median(p.List), 1)} | {Ratio(p => Stats.Median(p.Post), 2)}, {Ratio(p => Stats.Median(p.List), 2)} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  Running the {others:N0} took {fillSeconds:F1} s; DELETE /tasks/executions/purge purged {purged:N0} executions in {purgeSeconds:F1} s (default batches: 100 instances, 1 s pause)."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"purge: post_p50_ms={Stats.Median(phases[0].Post):F2},{Stats.Median(phases[1].Post):F2},{Stats.Median(phases[2].Post):F2} list_p50_ms={Stats.Median(phases[0].List):F2},{Stats.Median(phases[1].List):F2},{Stats.Median(phases[2].List):F2} purged={purged} purge_s={purgeSeconds:F1}"));
    }

    /// <summary>The task hub's Instances and History tables, counted row by row (keys only).</summary>
    private sealed class HubTables(TableClient instances, TableClient history)
    {
        public static HubTables? From(string[] engine)
        {
            string? connection = Argument(engine, "--connection-string");
            if (connection is null || Argument(engine, "--backend") is "memory")
            {
                return null;
            }

            string hub = Argument(engine, "--task-hub") ?? "TaskFunctions";
            return new HubTables(new TableClient(connection, hub + "Instances"), new TableClient(connection, hub + "History"));
        }

        public async Task<(long Instances, long History)> CountAsync() => (await CountAsync(instances), await CountAsync(history));

        private static async Task<long> CountAsync(TableClient table)
        {
            long count = 0;
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]))
            {
                count++;
            }

            return count;
        }

        private static string? Argument(string[] args, string name)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }
    }
}
