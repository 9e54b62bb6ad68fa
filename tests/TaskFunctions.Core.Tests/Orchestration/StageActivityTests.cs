using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.Orchestration;

public sealed class StageActivityTests
{
    [Fact]
    public async Task RunAsync_RunsTheStageThroughTheRunner()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTaskFunctions(b => b.AddTask<HelloHandler>("hello"));
        await using ServiceProvider provider = services.BuildServiceProvider();
        var activity = new StageActivity(provider.GetRequiredService<StageRunner>());
        StageRequest request = Requests.Stage(Requests.Execution("hello"), ExecutionStage.Handler, DateTime.UtcNow.AddMinutes(1));

        StageResult result = await activity.RunAsync(new Mock<TaskActivityContext>().Object, request);

        Assert.Null(result.Error);
        Assert.Equal("hello", Assert.Single(result.Logs).Message);
    }

    private sealed class HelloHandler : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("hello");
            return Task.CompletedTask;
        }
    }
}
