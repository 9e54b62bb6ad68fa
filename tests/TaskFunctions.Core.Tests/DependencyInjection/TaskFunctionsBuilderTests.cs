using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Samples;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.DependencyInjection;

public sealed class TaskFunctionsBuilderTests
{
    private static readonly ExecutionStage[] Stages = [ExecutionStage.Before, ExecutionStage.After, ExecutionStage.Error];

    [Fact]
    public void AddTask_RegistersTheDefinitionWithItsOptions()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop", o =>
        {
            o.Description = "does nothing";
            o.Timeout = TimeSpan.FromMilliseconds(1_500);
        }));

        TaskDefinition task = Assert.Single(services.GetRequiredService<TaskCatalog>().Tasks);
        Assert.Equal("noop", task.Name);
        Assert.Equal("does nothing", task.Description);
        Assert.Equal(TimeSpan.FromMilliseconds(1_500), task.Timeout);
        Assert.Equal(typeof(NoopHandler), task.HandlerType);
        Assert.IsType<NoopHandler>(services.GetRequiredService<NoopHandler>());
    }

    [Fact]
    public void AddTask_DefaultsToA30SecondTimeoutNoRetriesAndNoLimit()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop"));

        TaskDefinition task = services.GetRequiredService<TaskCatalog>().Tasks[0];
        Assert.Equal(TimeSpan.FromSeconds(30), task.Timeout);
        Assert.Null(task.Retry);
        Assert.Null(task.ConcurrencyLimit);
    }

    [Fact]
    public void AddTask_KeepsTheRetryPolicyAndConcurrencyLimit()
    {
        var retry = new TaskRetryPolicy(4, TimeSpan.FromMilliseconds(250), 1.5, TimeSpan.FromSeconds(2));
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop", o =>
        {
            o.Retry = retry;
            o.ConcurrencyLimit = TaskDefinition.MaxConcurrencyLimit;
        }));

        TaskDefinition task = services.GetRequiredService<TaskCatalog>().Tasks[0];
        Assert.Equal(retry, task.Retry);
        Assert.Equal(TaskDefinition.MaxConcurrencyLimit, task.ConcurrencyLimit);
    }

    [Fact]
    public void AddTask_KeepsTheQueue()
    {
        var queue = new TaskQueuePolicy(5);
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop", o =>
        {
            o.ConcurrencyLimit = 1;
            o.Queue = queue;
        }));

        Assert.Same(queue, services.GetRequiredService<TaskCatalog>().Tasks[0].Queue);
    }

    [Fact]
    public void AddTask_AQueueWithoutAConcurrencyLimit_IsRefused()
    {
        var thrown = Assert.Throws<ArgumentException>(() => Build(b => b.AddTask<NoopHandler>("noop", o => o.Queue = new TaskQueuePolicy(5))));

        Assert.Contains("ConcurrencyLimit", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(TaskDefinition.MaxConcurrencyLimit + 1)]
    public void AddTask_RejectsAConcurrencyLimitOutOfRange(int limit)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => Build(b => b.AddTask<NoopHandler>("noop", o => o.ConcurrencyLimit = limit)));

        Assert.Contains("ConcurrencyLimit must be from 1 to 16", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("with space")]
    public void AddTask_RejectsInvalidNames(string name)
    {
        var thrown = Assert.Throws<ArgumentException>(() => Build(b => b.AddTask<NoopHandler>(name)));

        Assert.Equal("name", thrown.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(0.5)]
    [InlineData(int.MaxValue + 1.0)]
    public void AddTask_RejectsATimeoutOutsideOneMillisecondToMaxTimeout(double timeoutMs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Build(b => b.AddTask<NoopHandler>("noop", o => o.Timeout = TimeSpan.FromMilliseconds(timeoutMs))));
    }

    [Fact]
    public void AddTask_CountsTheTimeoutInWholeMilliseconds()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop", o => o.Timeout = TimeSpan.FromMilliseconds(1_500.9)));

        Assert.Equal(TimeSpan.FromMilliseconds(1_500), services.GetRequiredService<TaskCatalog>().Tasks[0].Timeout);
    }

    [Fact]
    public void DuplicateTaskNames_FailWhenTheCatalogIsBuilt()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop").AddTask<NoopHandler>("noop"));

        Assert.Throws<ArgumentException>(() => services.GetRequiredService<TaskCatalog>());
    }

    [Fact]
    public void UseMiddleware_RegistersInOrderWithTaskFilters()
    {
        using ServiceProvider services = Build(b => b
            .AddTask<NoopHandler>("noop")
            .UseMiddleware<Before>("noop")
            .UseMiddleware<DurationLoggingMiddleware>());

        MiddlewarePipeline pipeline = services.GetRequiredService<MiddlewarePipeline>();
        Assert.Equal([typeof(Before), typeof(DurationLoggingMiddleware)], pipeline.Registrations.Select(r => r.Type));
        Assert.Equal([true, true, true], Stages.Select(stage => pipeline.Runs(stage, "noop")));
        Assert.Equal([false, true, true], Stages.Select(stage => pipeline.Runs(stage, "other")));
        Assert.NotNull(services.GetRequiredService<Before>());
    }

    [Fact]
    public void UseMiddleware_RejectsATypeThatIsNoMiddleware()
    {
        Assert.Throws<ArgumentException>(() => Build(b => b.UseMiddleware<NoopHandler>()));
    }

    [Fact]
    public void AddTaskFunctions_RegistersTheCoreServicesAndKeepsAGivenClock()
    {
        var clock = new TestClock(Requests.Start);
        var collection = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        collection.AddTaskFunctions(b => b.AddSampleTasks());
        using ServiceProvider services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(clock, services.GetRequiredService<TimeProvider>());
        Assert.NotNull(services.GetRequiredService<AttemptRunner>());
        Assert.NotNull(services.GetRequiredService<LocalCancellation>());
        Assert.NotNull(services.GetRequiredService<TaskApi>());
        WorkerOptions options = services.GetRequiredService<IOptions<WorkerOptions>>().Value;
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.LiveLogInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CancellationPollInterval);
        Assert.Equal(10, options.MaxLiveLogBatchesPerSecond);
        Assert.Equal(4, options.MaxStatusReadsPerPoll);
        Assert.Equal(
            [FeishuSyncTask.Name, UserSpaceSyncTask.Name],
            services.GetRequiredService<TaskCatalog>().Tasks.Select(t => t.Name));
    }

    [Fact]
    public void AddTaskFunctions_WithoutAClock_UsesTheSystemClock()
    {
        using ServiceProvider services = Build(b => b.AddSampleTasks());

        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
    }

    private static ServiceProvider Build(Action<TaskFunctionsBuilder> configure)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTaskFunctions(configure);
        return services.BuildServiceProvider();
    }

    private sealed class NoopHandler : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class Before : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
