using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

// Measures a running host (scripts/benchmark.sh starts one on Azurite):
//   1. POST → 202 latency and start → completed time of sequential executions with durationMs 0;
//   2. throughput: N executions started at once, until every one has finished. The 20 oldest unfinished ones
//      are read, every 250 ms while one of them still runs, so the benchmark's own reads stay a small share
//      of the storage load.
// Usage: TaskFunctions.Benchmarks [baseUrl] [sequentialCount] [throughputCount]
string baseUrl = args.Length > 0 ? args[0] : "http://localhost:7071";
int sequential = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
int burst = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
const string TaskName = "user-space-sync";
const string Body = """{ "params": { "durationMs": 0, "steps": 1 } }""";

using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };

async Task<(string Id, double Ms)> StartAsync()
{
    var watch = Stopwatch.StartNew();
    using HttpResponseMessage response = await http.PostAsync($"/tasks/{TaskName}/execute/manual", new StringContent(Body, System.Text.Encoding.UTF8, "application/json"));
    double ms = watch.Elapsed.TotalMilliseconds;
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
    return (body.GetProperty("executionId").GetString()!, ms);
}

async Task<string> StatusAsync(string id)
{
    JsonElement body = await http.GetFromJsonAsync<JsonElement>($"/tasks/running/execution/{id}");
    return body.GetProperty("status").GetString()!;
}

static double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
}

static double Percentile(List<double> values, double p)
{
    values.Sort();
    return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
}

Console.WriteLine($"Host: {baseUrl}  task: {TaskName}  params: durationMs 0, steps 1");

// Warm-up: JIT, connections, queues.
for (int i = 0; i < 5; i++)
{
    (string id, _) = await StartAsync();
    while (await StatusAsync(id) == "running")
    {
        await Task.Delay(20);
    }
}

List<double> postMs = [];
List<double> completedMs = [];
for (int i = 0; i < sequential; i++)
{
    var watch = Stopwatch.StartNew();
    (string id, double ms) = await StartAsync();
    postMs.Add(ms);
    string status;
    while ((status = await StatusAsync(id)) == "running")
    {
        await Task.Delay(20);
    }

    completedMs.Add(watch.Elapsed.TotalMilliseconds);
    if (status != "completed")
    {
        throw new InvalidOperationException($"Execution {id} ended {status}.");
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Sequential, {sequential} executions (status polled every 20 ms):"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  POST -> 202            median {Median(postMs),7:F1} ms   p90 {Percentile(postMs, 0.9),7:F1} ms   max {postMs.Max(),7:F1} ms"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  start -> completed     median {Median(completedMs),7:F1} ms   p90 {Percentile(completedMs, 0.9),7:F1} ms   max {completedMs.Max(),7:F1} ms"));

var total = Stopwatch.StartNew();
(string Id, double Ms)[] started = await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => StartAsync()));
double acceptedAfter = total.Elapsed.TotalSeconds;
List<string> pending = [.. started.Select(s => s.Id)];
int failed = 0;
Dictionary<string, int> outcomes = new(StringComparer.Ordinal);
string? sample = null;
while (pending.Count > 0)
{
    // Executions finish roughly in start order: read the oldest few, and wait only while one of them runs.
    string[] batch = [.. pending.Take(20)];
    string[] statuses = await Task.WhenAll(batch.Select(StatusAsync));
    bool allFinished = true;
    for (int i = 0; i < batch.Length; i++)
    {
        if (statuses[i] == "running")
        {
            allFinished = false;
            continue;
        }

        pending.Remove(batch[i]);
        outcomes[statuses[i]] = outcomes.GetValueOrDefault(statuses[i]) + 1;
        if (statuses[i] != "completed")
        {
            failed++;
            sample ??= batch[i];
        }
    }

    if (!allFinished)
    {
        await Task.Delay(250);
    }
}

double seconds = total.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Throughput, {burst} executions started at once: all 202 after {acceptedAfter:F2} s, all finished after {seconds:F2} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  {burst / seconds:F1} executions finished per second; outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}"));
if (sample is not null)
{
    Console.WriteLine($"  e.g. {sample}: {await http.GetStringAsync($"/tasks/running/execution/{sample}")}");
}

return failed == 0 ? 0 : 1;
