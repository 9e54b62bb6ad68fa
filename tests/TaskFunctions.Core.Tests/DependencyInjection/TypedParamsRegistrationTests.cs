using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.DependencyInjection;

public sealed class TypedParamsRegistrationTests
{
    [Fact]
    public void AddTask_WithAParamsType_DeclaresItBesideTheOtherOptions()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler, NoopParams>("noop", o => o.Description = "typed"));

        TaskDefinition task = Assert.Single(services.GetRequiredService<TaskCatalog>().Tasks);
        Assert.Equal(typeof(NoopParams), task.ParamsType);
        Assert.Equal("typed", task.Description);
    }

    [Fact]
    public void AddTask_WithoutAParamsType_DeclaresNone()
    {
        using ServiceProvider services = Build(b => b.AddTask<NoopHandler>("noop"));

        Assert.Null(Assert.Single(services.GetRequiredService<TaskCatalog>().Tasks).ParamsType);
    }

    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(string))]
    [InlineData(typeof(IDisposable))]
    public void AddTask_AParamsTypeThatIsNoObject_Throws(Type type)
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddTaskFunctions(b => b.AddTask<NoopHandler>("noop", o => o.ParamsType = type)));
    }

    [Fact]
    public void AddTask_AParamsTypeJsonCannotRead_ThrowsAtRegistration()
    {
        var services = new ServiceCollection();

        ArgumentException error = Assert.Throws<ArgumentException>(() => services.AddTaskFunctions(b => b.AddTask<NoopHandler, CollidingParams>("noop")));
        Assert.Contains(nameof(CollidingParams), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSampleTasks_BothSamples_DeclareTheirParams()
    {
        using ServiceProvider services = Build(b => b.AddSampleTasks());

        Assert.All(services.GetRequiredService<TaskCatalog>().Tasks, t => Assert.Equal(typeof(SimulatedSyncParams), t.ParamsType));
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

    private sealed class CollidingParams
    {
        [JsonPropertyName("count")]
        public int First { get; set; }

        [JsonPropertyName("count")]
        public int Second { get; set; }
    }

    private sealed class NoopParams
    {
        public int Count { get; set; }
    }
}
