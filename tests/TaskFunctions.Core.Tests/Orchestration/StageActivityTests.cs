using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
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
    public async Task RunAsync_RunsTheStageThroughTheRunnerWithTheHostsClient()
    {
        var raised = new TaskCompletionSource<LiveLogBatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var services = new ServiceCollection().AddLogging().AddSingleton(raised);
        services.AddTaskFunctions(b => b.AddTask<HelloHandler>("hello"));
        await using ServiceProvider provider = services.BuildServiceProvider();
        var client = new Mock<DurableTaskClient>("test");
        client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => InstanceStore.Instance(ExecutionOrchestrator.Name, id, null, OrchestrationRuntimeStatus.Running));
        client
            .Setup(c => c.RaiseEventAsync(It.IsAny<string>(), LiveLogBatch.EventName, It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, object?, CancellationToken>((_, _, payload, _) => raised.TrySetResult((LiveLogBatch)payload!))
            .Returns(Task.CompletedTask);
        var activity = new StageActivity(provider.GetRequiredService<StageRunner>(), client.Object);
        StageRequest request = Requests.Stage(Requests.Execution("hello"), ExecutionStage.Handler, DateTime.UtcNow.AddMinutes(1));

        StageResult result = await activity.RunAsync(new Mock<TaskActivityContext>().Object, request).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(result.Error);
        Assert.Equal("hello", Assert.Single(result.Logs).Message);
        client.Verify(
            c => c.RaiseEventAsync(request.Execution.ExecutionId, LiveLogBatch.EventName, It.IsAny<object?>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    private sealed class HelloHandler(TaskCompletionSource<LiveLogBatch> raised) : ITaskHandler
    {
        public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("hello");

            // The entry reaches the execution through the client the activity was given.
            await raised.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
    }
}
