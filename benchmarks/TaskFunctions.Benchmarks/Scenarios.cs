using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskFunctions.Benchmarks;

/// <summary>The measurements. Each prints its figures and says how they were taken.</summary>
internal static class Scenarios
{
    private const string SyncBody = """{ "params": { "durationMs": 0, "steps": 1 } }""";

    /// <summary>POST → 202 and start → completed of sequential executions, then a burst started at once.</summary>
    public static async Task ThroughputAsync(ApiSession api, int sequential, int burst)
    {
        for (int i = 0; i < 5; i++)
        {
            (string warm, _) = await api.StartAsync(BenchmarkTasks.Sync, SyncBody);
            await api.PollAsync(warm, e => e.GetProperty("status").GetString() != "running");
        }

        List<double> post = [], completed = [];
        for (int i = 0; i < sequential; i++)
        {
            var watch = Stopwatch.StartNew();
            (string id, double ms) = await api.StartAsync(BenchmarkTasks.Sync, SyncBody);
            post.Add(ms);
            (JsonElement done, _) = await api.PollAsync(id, e => e.GetProperty("status").GetString() != "running");
            completed.Add(watch.Elapsed.TotalMilliseconds);
            Require(done.GetProperty("status").GetString() == "completed", $"{id} ended {done.GetProperty("status")}");
        }

        Console.WriteLine($"Sequential executions of '{BenchmarkTasks.Sync}' (durationMs 0; status polled every 20 ms):");
        Console.WriteLine($"  POST -> 202           {Stats.Describe(post)}");
        Console.WriteLine($"  start -> completed    {Stats.Describe(completed)}");

        var total = Stopwatch.StartNew();
        (string Id, double Ms)[] started = await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => api.StartAsync(BenchmarkTasks.Sync, SyncBody)));
        double acceptedAfter = total.Elapsed.TotalSeconds;
        Dictionary<string, int> outcomes = await WaitAllFinishedAsync(api, [.. started.Select(s => s.Id)]);

        double seconds = total.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Burst of {burst} executions started at once: all answered 202 after {acceptedAfter:F2} s, all finished after {seconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {burst / seconds:F1} executions completed per second; outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}"));
    }

    /// <summary>From the cancel call's return to the handler's token firing; and whether the execution reads cancelled at once.</summary>
    public static async Task CancellationAsync(ApiSession api, int runs)
    {
        List<double> call = [], toToken = [];
        int readCancelled = 0;
        for (int i = 0; i < runs; i++)
        {
            (string id, _) = await api.StartAsync(BenchmarkTasks.Probe, "{}");
            await api.PollAsync(id, e => ApiSession.Logs(e).Any(l => ApiSession.Message(l) == "probe started"));

            var watch = Stopwatch.StartNew();
            using HttpResponseMessage response = await api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/tasks/executions/cancel/by-ids")
            {
                Content = new StringContent($$"""{ "executionIds": ["{{id}}"] }""", System.Text.Encoding.UTF8, "application/json"),
            });
            DateTime returnedAt = DateTime.UtcNow;
            call.Add(watch.Elapsed.TotalMilliseconds);
            readCancelled += await api.StatusAsync(id) == "cancelled" ? 1 : 0;

            DateTime fired = await WaitAsync(() => BenchmarkTasks.ProbeTask.TokenFired.TryGetValue(id, out DateTime at) ? at : null);
            toToken.Add((fired - returnedAt).TotalMilliseconds);
        }

        Console.WriteLine($"Cancellation by id of a running '{BenchmarkTasks.Probe}' (its handler waits on its token):");
        Console.WriteLine($"  DELETE call (terminate + wait until terminated)   {Stats.Describe(call)}");
        Console.WriteLine($"  call returned -> handler's token fired            {Stats.Describe(toToken)}");
        Console.WriteLine($"  read cancelled right after the call returned: {readCancelled} of {runs}");
    }

    /// <summary>From the deadline to the execution reading failed, and to the handler's token firing.</summary>
    public static async Task TimeoutAsync(ApiSession api, int runs)
    {
        const int TimeoutMs = 1000;
        List<double> toFailed = [], toToken = [];
        for (int i = 0; i < runs; i++)
        {
            (string id, _) = await api.StartAsync(BenchmarkTasks.Probe, $$"""{ "timeoutMs": {{TimeoutMs}} }""");
            (JsonElement failed, DateTime seenAt) = await api.PollAsync(id, e => e.GetProperty("status").GetString() != "running");
            Require(failed.GetProperty("status").GetString() == "failed", $"{id} ended {failed.GetProperty("status")}");

            // The timeout counts from the start request (startedAt).
            DateTime deadline = failed.GetProperty("startedAt").GetDateTime().ToUniversalTime().AddMilliseconds(TimeoutMs);
            toFailed.Add((seenAt - deadline).TotalMilliseconds);
            if (Environment.GetEnvironmentVariable("BENCH_DUMP") == "1") { Console.WriteLine($"{seenAt:O} {failed}"); }
            DateTime fired = await WaitAsync(() => BenchmarkTasks.ProbeTask.TokenFired.TryGetValue(id, out DateTime at) ? at : null);
            toToken.Add((fired - deadline).TotalMilliseconds);
        }

        Console.WriteLine($"Timeout of '{BenchmarkTasks.Probe}' with timeoutMs {TimeoutMs} (status polled every 20 ms):");
        Console.WriteLine($"  deadline -> reads failed            {Stats.Describe(toFailed)}");
        Console.WriteLine($"  deadline -> handler's token fired   {Stats.Describe(toToken)}");
    }

    /// <summary>From a log entry's timestamp to the moment GET shows it, while the execution runs.</summary>
    public static async Task LiveLogsAsync(ApiSession api, int runs)
    {
        List<double> visible = [];
        for (int i = 0; i < runs; i++)
        {
            (string id, _) = await api.StartAsync(BenchmarkTasks.Ticker, """{ "params": { "lines": 10, "intervalMs": 300 } }""");
            HashSet<string> seen = new(StringComparer.Ordinal);
            while (true)
            {
                JsonElement execution = await api.GetAsync(id);
                DateTime now = DateTime.UtcNow;
                foreach (JsonElement entry in ApiSession.Logs(execution).Where(e => ApiSession.Message(e).StartsWith("tick", StringComparison.Ordinal)))
                {
                    if (seen.Add(ApiSession.Message(entry)) && execution.GetProperty("status").GetString() == "running")
                    {
                        visible.Add((now - ApiSession.Timestamp(entry)).TotalMilliseconds);
                    }
                }

                if (execution.GetProperty("status").GetString() != "running")
                {
                    break;
                }

                await Task.Delay(20);
            }
        }

        Console.WriteLine($"Live logs of '{BenchmarkTasks.Ticker}' (a line every 300 ms; status polled every 20 ms):");
        Console.WriteLine($"  entry written -> visible while running   {Stats.Describe(visible)}");
    }

    /// <summary>Listing one task's 10 newest, with no other executions stored and with many of another task.</summary>
    public static async Task ListingAsync(ApiSession api, int others)
    {
        string last = string.Empty;
        for (int i = 0; i < 20; i++)
        {
            (last, _) = await api.StartAsync(BenchmarkTasks.Sync, SyncBody);
            await api.PollAsync(last, e => e.GetProperty("status").GetString() != "running");
        }

        double before = await MeasureListAsync(api);
        double getBefore = await MeasureGetAsync(api, last);

        // Executions of another task, run to completion, 200 at a time.
        var create = Stopwatch.StartNew();
        for (int done = 0; done < others; done += 200)
        {
            (string Id, double Ms)[] batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(200, others - done)).Select(_ => api.StartAsync(BenchmarkTasks.Other, "{}")));
            await WaitAllFinishedAsync(api, [.. batch.Select(b => b.Id)]);
        }

        double createSeconds = create.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(5)); // let the storage settle after the writes

        double after = await MeasureListAsync(api);
        double getAfter = await MeasureGetAsync(api, last);
        Console.WriteLine($"Listing GET /tasks/running/{BenchmarkTasks.Sync}?limit=10 (20 executions of the task; median of 50 calls):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  no other executions stored                  {before,7:F1} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {others} finished executions of another task stored   {after,7:F1} ms   ({after / before:F2}x; running them took {createSeconds:F1} s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  for comparison, GET of one execution by id: {getBefore:F1} ms without, {getAfter:F1} ms with them ({getAfter / getBefore:F2}x)"));
    }

    private static async Task<double> MeasureListAsync(ApiSession api)
    {
        List<double> times = [];
        for (int i = 0; i < 70; i++)
        {
            var watch = Stopwatch.StartNew();
            JsonElement page = await api.Http.GetFromJsonAsync<JsonElement>($"/tasks/running/{BenchmarkTasks.Sync}?limit=10");
            Require(page.GetArrayLength() == 10, $"listed {page.GetArrayLength()}");
            if (i >= 20)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return Stats.Median(times);
    }

    /// <summary>Waits until every execution has finished; returns how many ended in each status.</summary>
    private static async Task<Dictionary<string, int>> WaitAllFinishedAsync(ApiSession api, List<string> pending)
    {
        Dictionary<string, int> outcomes = new(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            // Executions finish roughly in start order: read the oldest few, and wait only while one of them runs.
            string[] batch = [.. pending.Take(20)];
            string[] statuses = await Task.WhenAll(batch.Select(api.StatusAsync));
            bool waiting = false;
            for (int i = 0; i < batch.Length; i++)
            {
                if (statuses[i] == "running")
                {
                    waiting = true;
                    continue;
                }

                pending.Remove(batch[i]);
                outcomes[statuses[i]] = outcomes.GetValueOrDefault(statuses[i]) + 1;
            }

            if (waiting)
            {
                await Task.Delay(250);
            }
        }

        return outcomes;
    }

    private static async Task<double> MeasureGetAsync(ApiSession api, string id)
    {
        List<double> times = [];
        for (int i = 0; i < 70; i++)
        {
            var watch = Stopwatch.StartNew();
            await api.GetAsync(id);
            if (i >= 20)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return Stats.Median(times);
    }

    private static async Task<DateTime> WaitAsync(Func<DateTime?> read)
    {
        for (int i = 0; i < 400; i++)
        {
            if (read() is DateTime value)
            {
                return value;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("The handler's token did not fire within 2 seconds.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
