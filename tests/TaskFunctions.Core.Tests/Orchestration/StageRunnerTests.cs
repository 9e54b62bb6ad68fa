using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Middleware;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.Orchestration;

public sealed class StageRunnerTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestClock _clock = new(Requests.Start);
    private readonly Probe _probe = new();
    private readonly Mock<DurableTaskClient> _durable = new("test");
    private readonly StageRunnerOptions _options = new()
    {
        LiveLogInterval = TimeSpan.FromMilliseconds(20),
        CancellationPollInterval = TimeSpan.FromMilliseconds(20),
    };

    private ServiceProvider? _services;
    private OrchestrationRuntimeStatus? _instanceStatus = OrchestrationRuntimeStatus.Running;
    private int _reads;
    private readonly Lock _statusLock = new();

    public StageRunnerTests()
    {
        // The cancellation monitor reads the instance; by default it is running, so the stage is left alone.
        _durable
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, _, _) =>
            {
                Interlocked.Increment(ref _reads);
                return Task.FromResult(InstanceStatus is { } status ? InstanceStore.Instance(ExecutionOrchestrator.Name, id, null, status) : null);
            });
        _durable
            .Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((id, name, payload, _) => _probe.Raised.Enqueue(new RaisedEvent(id, name, payload)))
            .Returns(Task.CompletedTask);
    }

    private OrchestrationRuntimeStatus? InstanceStatus
    {
        get
        {
            lock (_statusLock)
            {
                return _instanceStatus;
            }
        }

        set
        {
            lock (_statusLock)
            {
                _instanceStatus = value;
            }
        }
    }

    public void Dispose() => _services?.Dispose();

    [Fact]
    public async Task Handler_ReturnsOnlyTheEntriesItWrote()
    {
        StageRunner runner = Build(b => b.AddTask<LoggingHandler>("logging"));
        ExecutionRequest execution = Requests.Execution("logging");
        LogEntry earlier = Requests.Entry(LogMessages.Started(30_000));

        StageResult result = await runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Handler, Requests.Start.AddSeconds(30), logs: [earlier], omittedLogCount: 5),
            _durable.Object,
            CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["one", "two"], result.Logs.Select(l => l.Message));
        Assert.Equal([TaskLogLevel.Info, TaskLogLevel.Warn], result.Logs.Select(l => l.Level));
        Assert.All(result.Logs, l => Assert.Equal(_clock.UtcNow, l.Timestamp));
        Assert.Equal(2, result.Logs[1].Data!.Value.GetProperty("count").GetInt32());

        // The handler saw the earlier entry and the omitted count.
        Assert.Equal(3, _probe.SeenLogCount);
        Assert.Equal(5, _probe.SeenOmittedCount);
        Assert.Equal(execution.ExecutionId, _probe.SeenExecutionId);
        Assert.Equal(["handler"], _probe.Calls);
    }

    [Fact]
    public async Task HandlerException_IsReturnedAsErrorNeverThrown()
    {
        StageRunner runner = Build(b => b.AddTask<ThrowingHandler>("throwing"));
        ExecutionRequest execution = Requests.Execution("throwing");

        StageResult result = await runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Handler, Requests.Start.AddSeconds(30), attempt: 2),
            _durable.Object,
            CancellationToken.None);

        Assert.Equal(new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 2), result.Error);
        Assert.Equal(["before the throw"], result.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task Items_RoundTripThroughAStage()
    {
        StageRunner runner = Build(b => b.AddTask<LoggingHandler>("logging"));

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("logging"), ExecutionStage.Handler, Requests.Start.AddSeconds(30), items: Requests.Items(("fromBefore", 7))),
            _durable.Object,
            CancellationToken.None);

        Assert.Equal(7, _probe.SeenItem);
        Assert.Equal(["fromBefore", "fromHandler"], result.Items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7, result.Items["fromBefore"].GetInt32());
        Assert.Equal("ok", result.Items["fromHandler"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task HandlerToken_IsCancelledAtTheDeadline()
    {
        StageRunner runner = Build(b => b.AddTask<WaitingHandler>("waiting"));
        var stopwatch = Stopwatch.StartNew();

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("waiting"), ExecutionStage.Handler, _clock.UtcNow.AddMilliseconds(300)),
            _durable.Object,
            CancellationToken.None);

        stopwatch.Stop();
        Assert.True(stopwatch.ElapsedMilliseconds >= 250, $"cancelled after {stopwatch.ElapsedMilliseconds}ms");
        Assert.True(stopwatch.ElapsedMilliseconds < 10_000);
        Assert.True(_probe.TokenWasCancelled);
        Assert.NotNull(result.Error);
        Assert.Equal(typeof(TaskCanceledException).FullName, result.Error.Type);
        Assert.Equal(ExecutionStage.Handler, result.Error.Stage);
    }

    [Fact]
    public async Task DeadlineAlreadyPassed_CancelsTheTokenAtOnce()
    {
        StageRunner runner = Build(b => b.AddTask<WaitingHandler>("waiting"));

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("waiting"), ExecutionStage.Handler, _clock.UtcNow.AddMinutes(-1)),
            _durable.Object,
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(_probe.TokenWasCancelled);
        Assert.Equal(typeof(TaskCanceledException).FullName, result.Error!.Type);
    }

    [Fact]
    public async Task HostCancellation_ReachesTheHandler()
    {
        StageRunner runner = Build(b => b.AddTask<WaitingHandler>("waiting"));
        using var host = new CancellationTokenSource();

        Task<StageResult> run = runner.RunAsync(
            Requests.Stage(Requests.Execution("waiting"), ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            _durable.Object,
            host.Token);
        await _probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(run.IsCompleted);
        await host.CancelAsync();
        StageResult result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(_probe.TokenWasCancelled);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task UnknownTask_ReturnsAnError()
    {
        StageRunner runner = Build(b => b.AddTask<LoggingHandler>("logging"));

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("ghost"), ExecutionStage.Handler, Requests.Start.AddSeconds(30)),
            _durable.Object,
            CancellationToken.None);

        Assert.NotNull(result.Error);
        Assert.Equal("System.InvalidOperationException", result.Error.Type);
        Assert.Contains("'ghost'", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Logs);
        Assert.Empty(_probe.Calls);
    }

    [Fact]
    public async Task ErrorStage_ThrowingMiddlewareIsLoggedAndTheNextStillRuns()
    {
        StageRunner runner = Build(b => b
            .AddTask<LoggingHandler>("logging")
            .UseMiddleware<ThrowingErrorMiddleware>()
            .UseMiddleware<RecordingErrorMiddleware>());
        var failure = new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 1);

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("logging"), ExecutionStage.Error, Requests.Start.AddSeconds(30), error: failure),
            _durable.Object,
            CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["error:throwing", "error:recording"], _probe.Calls);
        Assert.Equal(failure, _probe.SeenError);
        LogEntry logged = result.Logs[0];
        Assert.Equal(LogMessages.ErrorMiddlewareFailed, logged.Message);
        Assert.Equal(TaskLogLevel.Error, logged.Level);
        JsonElement data = logged.Data!.Value;
        Assert.Equal(typeof(ThrowingErrorMiddleware).FullName, data.GetProperty("middleware").GetString());
        Assert.Equal("System.IO.IOException", data.GetProperty("type").GetString());
        Assert.Equal("alert channel down", data.GetProperty("message").GetString());
        Assert.Equal("recorded", result.Logs[1].Message);
    }

    [Fact]
    public async Task BeforeStage_FailureStopsTheChain()
    {
        StageRunner runner = Build(b => b
            .AddTask<LoggingHandler>("logging")
            .UseMiddleware<FailingBeforeMiddleware>()
            .UseMiddleware<RecordingBeforeMiddleware>());

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("logging"), ExecutionStage.Before, Requests.Start.AddSeconds(30)),
            _durable.Object,
            CancellationToken.None);

        Assert.Equal(["before:failing"], _probe.Calls);
        Assert.Equal(new TaskError("System.UnauthorizedAccessException", "denied", ExecutionStage.Before, 1), result.Error);
    }

    [Fact]
    public async Task BeforeStage_RunsMiddlewareInRegistrationOrderForMatchingTasksOnly()
    {
        StageRunner runner = Build(b => b
            .AddTask<LoggingHandler>("logging")
            .AddTask<LoggingHandler>("other")
            .UseMiddleware<RecordingBeforeMiddleware>()
            .UseMiddleware<FailingBeforeMiddleware>("other"));

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("logging"), ExecutionStage.Before, Requests.Start.AddSeconds(30)),
            _durable.Object,
            CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["before:recording"], _probe.Calls);
        Assert.Equal("before:recording", result.Items["seenBy"].GetString());
    }

    [Fact]
    public async Task Cancel_InstanceReadsTerminated_CancelsTheHandlersToken()
    {
        StageRunner runner = Build(b => b.AddTask<WaitingHandler>("waiting"));
        ExecutionRequest execution = Requests.Execution("waiting");

        Task<StageResult> run = runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            _durable.Object,
            CancellationToken.None);
        await _probe.Started.Task.WaitAsync(Patience);

        // While the instance reads running, the stage goes on.
        await Probe.WaitUntilAsync(() => Volatile.Read(ref _reads) >= 2);
        Assert.False(run.IsCompleted);
        var stopwatch = Stopwatch.StartNew();
        InstanceStatus = OrchestrationRuntimeStatus.Terminated;
        StageResult result = await run.WaitAsync(Patience);
        stopwatch.Stop();

        Assert.True(_probe.TokenWasCancelled);
        Assert.Equal(typeof(TaskCanceledException).FullName, result.Error!.Type);
        Assert.True(stopwatch.ElapsedMilliseconds < 5_000, $"cancelled after {stopwatch.ElapsedMilliseconds}ms");
        _durable.Verify(c => c.GetInstanceAsync(execution.ExecutionId, false, It.IsAny<CancellationToken>()), Times.AtLeast(3));
        _durable.Verify(c => c.GetInstanceAsync(It.IsNotIn(execution.ExecutionId), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Cancel_InstanceGone_CancelsTheHandlersToken()
    {
        StageRunner runner = Build(b => b.AddTask<WaitingHandler>("waiting"));
        InstanceStatus = null;

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("waiting"), ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            _durable.Object,
            CancellationToken.None).WaitAsync(Patience);

        Assert.True(_probe.TokenWasCancelled);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task Cancel_RunningInstanceOrAFailingRead_LeavesTheStageAlone()
    {
        StageRunner runner = Build(b => b.AddTask<SlowHandler>("slow"));
        int reads = 0;
        _durable
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, _, _) => Interlocked.Increment(ref reads) % 2 == 0
                ? Task.FromException<OrchestrationMetadata?>(new IOException("storage hiccup"))
                : Task.FromResult<OrchestrationMetadata?>(InstanceStore.Instance(ExecutionOrchestrator.Name, id, null, OrchestrationRuntimeStatus.Running)));
        _probe.Until = () => Volatile.Read(ref reads) >= 4;

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("slow"), ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            _durable.Object,
            CancellationToken.None).WaitAsync(Patience);

        Assert.Null(result.Error);
        Assert.False(_probe.TokenWasCancelled);
        Assert.True(reads >= 4, $"read {reads} times");
    }

    [Fact]
    public async Task LiveLogs_EntriesAreRaisedToTheExecutionAsNumberedBatches()
    {
        StageRunner runner = Build(b => b.AddTask<LiveLoggingHandler>("live"));
        ExecutionRequest execution = Requests.Execution("live");

        StageResult result = await runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Handler, _clock.UtcNow.AddHours(1), logs: [Requests.Entry("earlier")], attempt: 2),
            _durable.Object,
            CancellationToken.None).WaitAsync(Patience);

        Assert.Null(result.Error);
        Assert.Equal(["one", "two", "three"], result.Logs.Select(l => l.Message));
        LiveLogBatch[] batches = [.. Batches(execution.ExecutionId)];
        Assert.All(batches, b => Assert.Equal(ExecutionStage.Handler, b.Stage));
        Assert.All(batches, b => Assert.Equal(2, b.Attempt));

        // The first entry goes at once, alone; the batches then follow on without gaps or overlaps.
        Assert.Equal(0, batches[0].From);
        Assert.Equal(["one"], batches[0].Entries.Select(e => e.Message));
        int from = 0;
        foreach (LiveLogBatch batch in batches)
        {
            Assert.Equal(from, batch.From);
            from += batch.Entries.Count;
        }

        Assert.Equal(result.Logs, batches.SelectMany(b => b.Entries));
    }

    [Fact]
    public async Task LiveLogs_MiddlewareStage_RaisesBatchesOfThatStage()
    {
        StageRunner runner = Build(b => b.AddTask<LoggingHandler>("logging").UseMiddleware<LiveLoggingErrorMiddleware>());
        ExecutionRequest execution = Requests.Execution("logging");
        var failure = new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 3);

        await runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Error, _clock.UtcNow.AddHours(1), error: failure, attempt: 3),
            _durable.Object,
            CancellationToken.None).WaitAsync(Patience);

        LiveLogBatch batch = Assert.Single(Batches(execution.ExecutionId));
        Assert.Equal((ExecutionStage.Error, 3, 0), (batch.Stage, batch.Attempt, batch.From));
        Assert.Equal(["alerting"], batch.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task LiveLogs_NothingWritten_RaisesNothing()
    {
        StageRunner runner = Build(b => b.AddTask<SlowHandler>("slow"));

        StageResult result = await runner.RunAsync(
            Requests.Stage(Requests.Execution("slow"), ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            _durable.Object,
            CancellationToken.None).WaitAsync(Patience);

        Assert.Empty(result.Logs);
        _durable.Verify(
            c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task LiveLogs_AFailingRaise_DoesNotFailTheStageAndIsSentAgainWithTheNextBatch()
    {
        StageRunner runner = Build(b => b.AddTask<RetriedSendHandler>("retried"));
        ExecutionRequest execution = Requests.Execution("retried");
        _durable
            .Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>((id, name, payload, _) =>
            {
                if (Interlocked.Increment(ref _probe.RaiseAttempts) == 1)
                {
                    return Task.FromException(new InvalidOperationException("sidecar unavailable"));
                }

                _probe.Raised.Enqueue(new RaisedEvent(id, name, payload));
                return Task.CompletedTask;
            });

        StageResult result = await runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            _durable.Object,
            CancellationToken.None).WaitAsync(Patience);

        Assert.Null(result.Error);
        Assert.Equal(["one", "two"], result.Logs.Select(l => l.Message));
        LiveLogBatch resent = Batches(execution.ExecutionId).First();
        Assert.Equal(0, resent.From);
        Assert.Equal(["one", "two"], resent.Entries.Select(e => e.Message));
    }

    [Fact]
    public async Task NullClient_IsRejected()
    {
        StageRunner runner = Build(b => b.AddTask<LoggingHandler>("logging"));

        await Assert.ThrowsAsync<ArgumentNullException>(() => runner.RunAsync(
            Requests.Stage(Requests.Execution("logging"), ExecutionStage.Handler, _clock.UtcNow.AddHours(1)),
            null!,
            CancellationToken.None));
    }

    private StageRunner Build(Action<TaskFunctionsBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(_probe);
        services.AddTaskFunctions(configure);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return new StageRunner(
            _services.GetRequiredService<TaskCatalog>(),
            _services.GetRequiredService<MiddlewarePipeline>(),
            _services.GetRequiredService<IServiceScopeFactory>(),
            _clock,
            Options.Create(_options),
            _services.GetRequiredService<ILogger<StageRunner>>());
    }

    private IEnumerable<LiveLogBatch> Batches(string executionId) =>
        _probe.Raised.Select(e =>
        {
            Assert.Equal(executionId, e.InstanceId);
            Assert.Equal(LiveLogBatch.EventName, e.Name);
            return Assert.IsType<LiveLogBatch>(e.Payload);
        });

    private sealed record RaisedEvent(string InstanceId, string Name, object? Payload);

    private sealed class Probe
    {
        public List<string> Calls { get; } = [];

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int SeenLogCount { get; set; }

        public int SeenOmittedCount { get; set; }

        public string? SeenExecutionId { get; set; }

        public int SeenItem { get; set; }

        public TaskError? SeenError { get; set; }

        public bool TokenWasCancelled { get; set; }

        // A field, for Interlocked.
        public int RaiseAttempts;

        public ConcurrentQueue<RaisedEvent> Raised { get; } = new();

        public Func<bool> Until { get; set; } = () => true;

        public static async Task WaitUntilAsync(Func<bool> condition)
        {
            var stopwatch = Stopwatch.StartNew();
            while (!condition())
            {
                if (stopwatch.Elapsed > Patience)
                {
                    throw new TimeoutException("The condition was not met in time.");
                }

                await Task.Delay(5);
            }
        }
    }

    private sealed class LoggingHandler(Probe probe) : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            probe.Calls.Add("handler");
            context.Logs.Info("one");
            context.Logs.Warn("two", new { count = 2 });
            probe.SeenLogCount = context.Logs.Count;
            probe.SeenOmittedCount = context.Logs.OmittedCount;
            probe.SeenExecutionId = context.ExecutionId;
            probe.SeenItem = context.Items.Get<int>("fromBefore");
            context.Items.Set("fromHandler", new { status = "ok" });
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingHandler : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("before the throw");
            throw new InvalidOperationException("boom");
        }
    }

    private sealed class WaitingHandler(Probe probe) : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            probe.Started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                probe.TokenWasCancelled = cancellationToken.IsCancellationRequested;
            }
        }
    }

    private sealed class SlowHandler(Probe probe) : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(100, cancellationToken);
                await Probe.WaitUntilAsync(probe.Until);
            }
            finally
            {
                probe.TokenWasCancelled = cancellationToken.IsCancellationRequested;
            }
        }
    }

    private sealed class LiveLoggingHandler(Probe probe) : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("one");
            await Probe.WaitUntilAsync(() => !probe.Raised.IsEmpty);
            context.Logs.Info("two");
            context.Logs.Warn("three", new { n = 3 });
            await Probe.WaitUntilAsync(() => probe.Raised.Sum(e => ((LiveLogBatch)e.Payload!).Entries.Count) >= 3);
        }
    }

    private sealed class RetriedSendHandler(Probe probe) : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("one");
            await Probe.WaitUntilAsync(() => Volatile.Read(ref probe.RaiseAttempts) >= 1);
            context.Logs.Info("two");
            await Probe.WaitUntilAsync(() => !probe.Raised.IsEmpty);
        }
    }

    private sealed class LiveLoggingErrorMiddleware(Probe probe) : IErrorTaskMiddleware
    {
        public async Task OnErrorAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Warn("alerting");
            await Probe.WaitUntilAsync(() => !probe.Raised.IsEmpty);
        }
    }

    private sealed class FailingBeforeMiddleware(Probe probe) : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken)
        {
            probe.Calls.Add("before:failing");
            throw new UnauthorizedAccessException("denied");
        }
    }

    private sealed class RecordingBeforeMiddleware(Probe probe) : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken)
        {
            probe.Calls.Add("before:recording");
            context.Items.Set("seenBy", "before:recording");
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingErrorMiddleware(Probe probe) : IErrorTaskMiddleware
    {
        public Task OnErrorAsync(TaskContext context, CancellationToken cancellationToken)
        {
            probe.Calls.Add("error:throwing");
            throw new IOException("alert channel down");
        }
    }

    private sealed class RecordingErrorMiddleware(Probe probe) : IErrorTaskMiddleware
    {
        public Task OnErrorAsync(TaskContext context, CancellationToken cancellationToken)
        {
            probe.Calls.Add("error:recording");
            probe.SeenError = context.Error;
            context.Logs.Info("recorded");
            return Task.CompletedTask;
        }
    }
}
