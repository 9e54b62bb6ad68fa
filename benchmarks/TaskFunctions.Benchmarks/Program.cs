using TaskFunctions.Benchmarks;

// Runs the local host in this process (Kestrel on a free loopback port, the real Durable Task engine) and
// measures it over HTTP. scripts/benchmark.sh starts a fresh Azurite and passes its connection string.
//   TaskFunctions.Benchmarks <scenario> [engine arguments...]
//   scenarios: throughput | cancel | timeout | livelog | list | all
//   engine arguments: --backend memory|azurestorage --connection-string ... --task-hub ...
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: TaskFunctions.Benchmarks throughput|cancel|timeout|livelog|list|all [engine arguments]");
    return 2;
}

string scenario = args[0];
string[] engine = args[1..];
int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out int value) ? value : fallback;

await using BenchmarkHost host = await BenchmarkHost.StartAsync(engine);
using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(2) };
var api = new ApiSession(http);
Console.WriteLine($"Local host on {host.Address} ({string.Join(' ', engine.Where(a => !a.Contains("AccountKey", StringComparison.Ordinal)))})");

bool all = scenario == "all";
if (all || scenario == "throughput")
{
    await Scenarios.ThroughputAsync(api, Setting("BENCH_SEQUENTIAL", 50), Setting("BENCH_BURST", 200));
}

if (all || scenario == "livelog")
{
    await Scenarios.LiveLogsAsync(api, Setting("BENCH_RUNS", 3));
}

if (all || scenario == "cancel")
{
    await Scenarios.CancellationAsync(api, Setting("BENCH_RUNS", 20));
}

if (all || scenario == "timeout")
{
    await Scenarios.TimeoutAsync(api, Setting("BENCH_RUNS", 10));
}

if (all || scenario == "list")
{
    await Scenarios.ListingAsync(api, host.App.Services, Setting("BENCH_OTHERS", 5000));
}

return 0;
