using TaskFunctions.Benchmarks;

// Runs the local host in this process (Kestrel on a free loopback port, the real Durable Task engine) and
// measures it over HTTP. scripts/benchmark.sh starts a fresh Azurite and passes its connection string.
//   TaskFunctions.Benchmarks <scenarios> [engine arguments...]
//   scenarios: all, or a comma-separated list of throughput, livelog, cancel, timeout, list, compare, cost, purge
//   (compare, the raw engine and the service side by side, cost, what one execution costs next to the raw
//   engine, and purge, a start and a listing before and after history and a purge, are not part of all)
//   engine arguments: --backend memory|azurestorage --connection-string ... --task-hub ...
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TaskFunctions.Benchmarks all|throughput,livelog,cancel,timeout,list,compare,cost,purge [engine arguments]");
    return 2;
}

HashSet<string> scenarios = [.. args[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
string[] engine = args[1..];
int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

await using BenchmarkHost host = await BenchmarkHost.StartAsync(engine);
using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
var api = new ApiSession(http);
Console.WriteLine($"Local host on {host.Address} ({string.Join(' ', engine.Where(a => !a.Contains("AccountKey", StringComparison.Ordinal)))})");

bool all = scenarios.Contains("all");
if (all || scenarios.Contains("throughput"))
{
    await Scenarios.ThroughputAsync(api, Setting("BENCH_SEQUENTIAL", 50), Setting("BENCH_BURST", 200));
}

if (all || scenarios.Contains("livelog"))
{
    await Scenarios.LiveLogsAsync(api, Setting("BENCH_RUNS", 3));
}

if (all || scenarios.Contains("cancel"))
{
    await Scenarios.CancellationAsync(api, Setting("BENCH_RUNS", 20));
}

if (all || scenarios.Contains("timeout"))
{
    await Scenarios.TimeoutAsync(api, Setting("BENCH_RUNS", 10));
}

if (all || scenarios.Contains("list"))
{
    await Scenarios.ListingAsync(api, Setting("BENCH_OTHERS", 5000));
}

if (scenarios.Contains("compare"))
{
    await CompareScenario.RunAsync(host, api, Setting("BENCH_BURST", 500), Setting("BENCH_SEQUENTIAL", 50), Setting("BENCH_OTHERS", 0));
}

if (scenarios.Contains("cost"))
{
    await CostScenario.RunAsync(host, api, Setting("BENCH_COST_RUNS", 20), Setting("BENCH_COST_WINDOW_MS", 3000));
}

if (scenarios.Contains("purge"))
{
    await PurgeScenario.RunAsync(api, engine, Setting("BENCH_PURGE_OTHERS", 2000));
}

return 0;
