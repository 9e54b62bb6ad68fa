using System.Collections.Concurrent;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Samples;

namespace TaskFunctions.Benchmarks;

/// <summary>The tasks the benchmarks run beside the samples; only <see cref="SyncSingle"/> has a concurrency limit.</summary>
internal static class BenchmarkTasks
{
    /// <summary>The sample sync handler and middleware, without the samples' one-at-a-time limit.</summary>
    public const string Sync = "bench-sync";

    /// <summary>The same with a 10-minute timeout: on Azurite a run queued behind a burst of 500 waits longer than 30 s.</summary>
    public const string SyncLong = "bench-sync-long";

    /// <summary>The same, one at a time (<c>ConcurrencyLimit = 1</c>): each execution takes and releases slot 0.</summary>
    public const string SyncSingle = "bench-sync-single";

    /// <summary>Logs, then waits honouring its token; records when its token fired.</summary>
    public const string Probe = "bench-probe";

    /// <summary>Logs one line every <c>params.intervalMs</c>, <c>params.lines</c> times.</summary>
    public const string Ticker = "bench-ticker";

    /// <summary>Does nothing; its executions fill the task hub for the listing benchmark.</summary>
    public const string Other = "bench-other";

    public static void Register(TaskFunctionsBuilder builder) => builder
        .AddTask<UserSpaceSyncTask>(Sync)
        .AddTask<UserSpaceSyncTask>(SyncLong, o => o.Timeout = TimeSpan.FromMilliseconds(600_000))
        .AddTask<UserSpaceSyncTask>(SyncSingle, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(600_000);
            o.ConcurrencyLimit = 1;
        })
        .AddTask<ProbeTask>(Probe)
        .AddTask<TickerTask>(Ticker)
        .AddTask<NothingTask>(Other, o => o.Timeout = TimeSpan.FromMilliseconds(600_000));

    public sealed class NothingTask : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class ProbeTask : ITaskHandler
    {
        public static ConcurrentDictionary<string, DateTime> TokenFired { get; } = new();

        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(() => TokenFired.TryAdd(context.ExecutionId, DateTime.UtcNow));
            context.Logs.Info("probe started");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    public sealed class TickerTask : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            int lines = context.Params?.GetProperty("lines").GetInt32() ?? 10;
            int intervalMs = context.Params?.GetProperty("intervalMs").GetInt32() ?? 500;
            for (int i = 0; i < lines; i++)
            {
                await Task.Delay(intervalMs, cancellationToken);
                context.Logs.Info($"tick {i}");
            }
        }
    }
}
