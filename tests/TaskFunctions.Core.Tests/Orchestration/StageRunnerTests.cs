using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
    private readonly TestClock _clock = new(Requests.Start);
    private readonly Probe _probe = new();
    private ServiceProvider? _services;

    public void Dispose() => _services?.Dispose();

    [Fact]
    public async Task Handler_ReturnsOnlyTheEntriesItWrote()
    {
        StageRunner runner = Build(b => b.AddTask<LoggingHandler>("logging"));
        ExecutionRequest execution = Requests.Execution("logging");
        LogEntry earlier = Requests.Entry(LogMessages.Started(30_000));

        StageResult result = await runner.RunAsync(
            Requests.Stage(execution, ExecutionStage.Handler, Requests.Start.AddSeconds(30), logs: [earlier], omittedLogCount: 5),
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
            CancellationToken.None);

        Assert.Null(result.Error);
        Assert.Equal(["before:recording"], _probe.Calls);
        Assert.Equal("before:recording", result.Items["seenBy"].GetString());
    }

    private StageRunner Build(Action<TaskFunctionsBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton(_probe);
        services.AddTaskFunctions(configure);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        return _services.GetRequiredService<StageRunner>();
    }

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
