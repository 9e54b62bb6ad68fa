using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Http;
using TaskFunctions.Middleware;
using TaskFunctions.Orchestration;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.DependencyInjection;

public sealed class TaskFunctionsBuilderTests
{
    [Fact]
    public void AddTask_RegistersTheDefinitionWithItsOptions()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop", o =>
        {
            o.Description = "does nothing";
            o.TimeoutMs = 1_500;
        }));

        TaskDefinition task = Assert.Single(services.GetRequiredService<TaskCatalog>().Tasks);
        Assert.Equal("noop", task.Name);
        Assert.Equal("does nothing", task.Description);
        Assert.Equal(1_500, task.TimeoutMs);
        Assert.Equal(typeof(NoopHandler), task.HandlerType);
        Assert.IsType<NoopHandler>(services.GetRequiredService<NoopHandler>());
    }

    [Fact]
    public void AddTask_DefaultsToA30SecondTimeout()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop"));

        Assert.Equal(30_000, services.GetRequiredService<TaskCatalog>().Tasks[0].TimeoutMs);
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
    public void AddTask_RejectsANonPositiveTimeout(int timeoutMs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Build(b => b.AddTask<NoopHandler>("noop", o => o.TimeoutMs = timeoutMs)));
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
        Assert.Equal(new ExecutionPlan(true, true, true), pipeline.PlanFor("noop"));
        Assert.Equal(new ExecutionPlan(false, true, true), pipeline.PlanFor("other"));
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
        var clock = new TestSupport.TestClock(TestSupport.Requests.Start);
        var collection = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(clock);
        collection.AddTaskFunctions(b => b.AddSampleTasks());
        using ServiceProvider services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Same(clock, services.GetRequiredService<TimeProvider>());
        Assert.NotNull(services.GetRequiredService<StageRunner>());
        Assert.NotNull(services.GetRequiredService<TaskApi>());
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
