using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// Tasks the end-to-end tests register beside the samples. Only <see cref="Exclusive"/> and the queued ones have a
/// concurrency limit.
/// </summary>
public static class TestTasks
{
    /// <summary>Sleeps <c>params.sleepMs</c> without looking at its token; times out after 1 second.</summary>
    public const string Stubborn = "test-stubborn";

    /// <summary>Writes <c>params.lines</c> log lines with <c>params.padding</c> characters each, then succeeds.</summary>
    public const string Chatty = "test-chatty";

    /// <summary>Logs, then sleeps <c>params.sleepMs</c> honouring its token; records when it ran and when its token fired.</summary>
    public const string Probe = "test-probe";

    /// <summary>
    /// Writes <c>params.entries</c> entries (<c>written 0</c>, <c>written 1</c>, …) <c>params.everyMs</c> apart, then
    /// sleeps <c>params.holdMs</c> honouring its token.
    /// </summary>
    public const string Writer = "test-writer";

    /// <summary>The probe, one execution at a time, refusing a start beyond that (409).</summary>
    public const string Exclusive = "test-exclusive";

    /// <summary>The probe, one execution at a time, with up to 25 more waiting their turn.</summary>
    public const string Queued = "test-queued";

    /// <summary>The probe, one execution at a time, with up to 2 more waiting their turn.</summary>
    public const string ShortQueue = "test-short-queue";

    /// <summary>Gets the names of the test tasks, which only a host of the test fixtures serves.</summary>
    public static IReadOnlyList<string> Names { get; } = [Stubborn, Chatty, Probe, Writer, Exclusive, Queued, ShortQueue];

    public static void Register(TaskFunctionsBuilder builder) => builder
        .AddTask<StubbornTask>(Stubborn, o => o.Timeout = TimeSpan.FromMilliseconds(1000))
        .AddTask<ChattyTask>(Chatty)
        .AddTask<ProbeTask>(Probe)
        .AddTask<WriterTask>(Writer)
        .AddTask<ProbeTask>(Exclusive, o => o.ConcurrencyLimit = 1)
        .AddTask<ProbeTask>(Queued, o =>
        {
            o.ConcurrencyLimit = 1;
            o.Queue = new TaskQueuePolicy(25);
        })
        .AddTask<ProbeTask>(ShortQueue, o =>
        {
            o.ConcurrencyLimit = 1;
            o.Queue = new TaskQueuePolicy(2);
        });

    public sealed class StubbornTask : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            int sleepMs = context.Params?.TryGetProperty("sleepMs", out var value) == true ? value.GetInt32() : 3000;
            await Task.Delay(sleepMs, CancellationToken.None);
            context.Logs.Info("stubborn task woke up");
        }
    }

    public sealed class ChattyTask : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            int lines = context.Params?.TryGetProperty("lines", out var l) == true ? l.GetInt32() : 500;
            int padding = context.Params?.TryGetProperty("padding", out var p) == true ? p.GetInt32() : 40;
            for (int i = 0; i < lines; i++)
            {
                context.Logs.Info($"line {i} {new string('x', padding)}", new { i });
            }

            return Task.CompletedTask;
        }
    }

    public sealed class ProbeTask(IServer server) : ITaskHandler
    {
        /// <summary>The address of the host whose worker ran the handler, per execution (several hosts can share a hub).</summary>
        public static ConcurrentDictionary<string, string> RanOn { get; } = new();

        /// <summary>How many times the handler started, per execution.</summary>
        public static ConcurrentDictionary<string, int> Invocations { get; } = new();

        /// <summary>When the handler's token fired, per execution.</summary>
        public static ConcurrentDictionary<string, DateTime> TokenFired { get; } = new();

        /// <summary>When the handler started, per execution.</summary>
        public static ConcurrentDictionary<string, DateTime> StartedAt { get; } = new();

        /// <summary>When the handler returned (or threw), per execution.</summary>
        public static ConcurrentDictionary<string, DateTime> FinishedAt { get; } = new();

        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            StartedAt[context.ExecutionId] = DateTime.UtcNow;
            Invocations.AddOrUpdate(context.ExecutionId, 1, (_, n) => n + 1);
            RanOn[context.ExecutionId] = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "unknown";
            using CancellationTokenRegistration registration = cancellationToken.Register(() => TokenFired.TryAdd(context.ExecutionId, DateTime.UtcNow));
            try
            {
                context.Logs.Info("probe started", new { attempt = context.Attempt });
                int sleepMs = context.Params?.TryGetProperty("sleepMs", out var value) == true ? value.GetInt32() : 30_000;
                await Task.Delay(sleepMs, cancellationToken);
                context.Logs.Info("probe finished");
            }
            finally
            {
                FinishedAt[context.ExecutionId] = DateTime.UtcNow;
            }
        }
    }

    public sealed class WriterTask : ITaskHandler
    {
        /// <summary>When the handler had written its last entry, per execution.</summary>
        public static ConcurrentDictionary<string, DateTime> LastWrittenAt { get; } = new();

        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            int entries = context.Params?.TryGetProperty("entries", out var e) == true ? e.GetInt32() : 1;
            int everyMs = context.Params?.TryGetProperty("everyMs", out var every) == true ? every.GetInt32() : 0;
            int holdMs = context.Params?.TryGetProperty("holdMs", out var hold) == true ? hold.GetInt32() : 0;
            for (int i = 0; i < entries; i++)
            {
                if (i > 0 && everyMs > 0)
                {
                    await Task.Delay(everyMs, cancellationToken);
                }

                context.Logs.Info($"written {i}");
            }

            LastWrittenAt[context.ExecutionId] = DateTime.UtcNow;
            await Task.Delay(holdMs, cancellationToken);
        }
    }
}
