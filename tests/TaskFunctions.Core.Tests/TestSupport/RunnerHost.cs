using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>
/// A host's worker side, built as the hosts build it (<c>AddTaskFunctions</c>), with a mocked durable client: its
/// instance reads answer <see cref="ReadInstance"/> (running by default) and its raised events are recorded.
/// Short worker timings by default, so that tests run fast; a test overrides what it is about.
/// </summary>
internal sealed class RunnerHost : IAsyncDisposable
{
    /// <summary>How long any single wait of a test may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _services;
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private int _raiseCalls;

    public RunnerHost(Action<TaskFunctionsBuilder> configure, Action<WorkerOptions>? options = null, TimeProvider? clock = null)
    {
        Clock = clock ?? new TestClock(Requests.Start);
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(Clock);
        services.AddSingleton(Script);
        services.AddTaskFunctions(configure);
        services.Configure<WorkerOptions>(o =>
        {
            o.LiveLogInterval = TimeSpan.FromMilliseconds(20);
            o.CancellationPollInterval = TimeSpan.FromMilliseconds(50);
            o.StopGracePeriod = TimeSpan.FromMilliseconds(200);
            options?.Invoke(o);
        });
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, _, _) =>
            {
                _reads.AddOrUpdate(id, 1, (_, n) => n + 1);
                return ReadInstance(id);
            });
        Client
            .Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>(async (id, name, payload, _) =>
            {
                var raised = new RaisedEvent(id, name, payload);
                Interlocked.Increment(ref _raiseCalls);
                Attempted.Enqueue(raised);
                await OnRaise(raised);
                Raised.Enqueue(raised);
            });
    }

    public TimeProvider Clock { get; }

    /// <summary>Gets what the host logged.</summary>
    public CapturedLogs Logs { get; } = new();

    public Script Script { get; } = new();

    public Mock<DurableTaskClient> Client { get; } = new("test");

    public AttemptRunner Runner => _services.GetRequiredService<AttemptRunner>();

    public LocalCancellation Local => _services.GetRequiredService<LocalCancellation>();

    public AttemptDeliveries Deliveries => _services.GetRequiredService<AttemptDeliveries>();

    public MiddlewarePipeline Pipeline => _services.GetRequiredService<MiddlewarePipeline>();

    /// <summary>Gets or sets what an instance read returns; by default a running instance.</summary>
    public Func<string, Task<OrchestrationMetadata?>> ReadInstance { get; set; } = id => Task.FromResult<OrchestrationMetadata?>(Instance(id, OrchestrationRuntimeStatus.Running));

    /// <summary>Gets or sets what raising an event does before it counts as sent; throw to make it fail.</summary>
    public Func<RaisedEvent, Task> OnRaise { get; set; } = _ => Task.CompletedTask;

    /// <summary>Gets every event raise that was attempted, sent or not, in order.</summary>
    public ConcurrentQueue<RaisedEvent> Attempted { get; } = new();

    /// <summary>Gets every event that was sent, in order.</summary>
    public ConcurrentQueue<RaisedEvent> Raised { get; } = new();

    public int RaiseCalls => Volatile.Read(ref _raiseCalls);

    public static OrchestrationMetadata Instance(string id, OrchestrationRuntimeStatus status) =>
        new(ProtocolNames.ExecutionOrchestrator, id) { RuntimeStatus = status };

    /// <summary>Waits until a condition holds; fails the test after <see cref="Patience"/> (or the given time).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? patience = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > (patience ?? Patience))
            {
                throw new TimeoutException("The condition was not met in time.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>How many times an instance was read.</summary>
    public int ReadsOf(string executionId) => _reads.GetValueOrDefault(executionId);

    /// <summary>An execution of a registered task, with the plan of the registered middleware and the task's retry policy.</summary>
    public ExecutionRequest Execution(string taskName, int timeoutMs = 30_000, DateTime? startedAt = null)
    {
        TaskRetryPolicy? policy = _services.GetRequiredService<TaskCatalog>().TryGet(taskName, out TaskDefinition? task) ? task.Retry : null;
        RetrySchedule? retry = policy is null
            ? null
            : new(policy.MaxAttempts, (int)policy.FirstDelay.TotalMilliseconds, policy.BackoffCoefficient, (int)policy.MaxDelay.TotalMilliseconds);
        ExecutionPlan plan = new(
            Pipeline.Runs(ExecutionStage.Before, taskName), Pipeline.Runs(ExecutionStage.After, taskName), Pipeline.Runs(ExecutionStage.Error, taskName));
        return Requests.Execution(taskName, plan, timeoutMs, startedAt: startedAt ?? Clock.GetUtcNow().UtcDateTime, retry: retry);
    }

    /// <summary>Runs an attempt with the mocked client, failing the test if it does not return in time.</summary>
    public Task<AttemptResult> RunAsync(AttemptRequest request, TimeSpan? patience = null) =>
        Runner.RunAsync(request, Client.Object, CancellationToken.None).WaitAsync(patience ?? Patience);

    /// <summary>The live log batches sent for an execution, in order.</summary>
    public LiveLogBatch[] Batches(string executionId, string eventName = ProtocolNames.LiveLogEvent) =>
        [.. Raised.Where(e => e.InstanceId == executionId && e.Name == eventName).Select(e => Assert.IsType<LiveLogBatch>(e.Payload))];

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public sealed record RaisedEvent(string InstanceId, string Name, object? Payload);
}
