using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Samples;

/// <summary>What <c>AddSampleTasks</c> registers, which both hosts serve (and the end-to-end tests run).</summary>
public sealed class SampleRegistrationTests : IDisposable
{
    private readonly ServiceProvider _services;

    public SampleRegistrationTests()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTaskFunctions(b => b.AddSampleTasks());
        _services = services.BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public void AddSampleTasks_BothSyncTasks_RunOneAtATimeWithinTheDefaultTimeout()
    {
        TaskCatalog catalog = _services.GetRequiredService<TaskCatalog>();

        Assert.Equal([FeishuSyncTask.Name, UserSpaceSyncTask.Name], catalog.Tasks.Select(t => t.Name));
        Assert.Equal([typeof(FeishuSyncTask), typeof(UserSpaceSyncTask)], catalog.Tasks.Select(t => t.HandlerType));
        Assert.All(catalog.Tasks, t =>
        {
            Assert.Equal(TaskDefinition.DefaultTimeout, t.Timeout);
            Assert.Equal(1, t.ConcurrencyLimit);
            Assert.StartsWith("Sample: ", t.Description, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void AddSampleTasks_OnlyFeishuSync_RetriesThreeAttemptsFromHalfASecond()
    {
        TaskCatalog catalog = _services.GetRequiredService<TaskCatalog>();

        TaskRetryPolicy retry = catalog.Tasks.Single(t => t.Name == FeishuSyncTask.Name).Retry!;
        Assert.Equal((3, TimeSpan.FromMilliseconds(500), 2.0, TimeSpan.FromMinutes(1)), (retry.MaxAttempts, retry.FirstDelay, retry.BackoffCoefficient, retry.MaxDelay));
        Assert.Null(catalog.Tasks.Single(t => t.Name == UserSpaceSyncTask.Name).Retry);
    }

    [Theory]
    [InlineData(ExecutionStage.Before, false)]
    [InlineData(ExecutionStage.After, true)]
    [InlineData(ExecutionStage.Error, true)]
    public void AddSampleTasks_DurationMiddleware_RunsAfterAndOnErrorOfEveryTask(ExecutionStage stage, bool runs)
    {
        MiddlewarePipeline pipeline = _services.GetRequiredService<MiddlewarePipeline>();

        Assert.Equal(runs, pipeline.Runs(stage, FeishuSyncTask.Name));
        Assert.Equal(runs, pipeline.Runs(stage, UserSpaceSyncTask.Name));
    }
}
