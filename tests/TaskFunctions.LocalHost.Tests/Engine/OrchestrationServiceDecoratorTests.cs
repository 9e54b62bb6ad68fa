using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging.Abstractions;
using TaskFunctions.LocalHost.Engine;

namespace TaskFunctions.LocalHost.Tests.Engine;

public sealed class OrchestrationServiceDecoratorTests
{
    [Fact]
    public async Task StopAsync_FromTheDispatcher_GoesThroughTheBackendsOwnStopAndCompletesStopped()
    {
        var decorator = new RecordingDecorator(new InMemoryOrchestrationService(NullLoggerFactory.Instance));
        IOrchestrationService service = decorator;
        Assert.False(decorator.Stopped.IsCompleted);

        await service.StopAsync(); // what the sidecar's dispatcher host calls

        Assert.Equal([false], decorator.Stops);
        Assert.True(decorator.Stopped.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ActivitiesInFlight_WorkItemsWithTheSameIdCompletedOrAbandonedAfterAFailedCompletion_CountOnceEach()
    {
        // The in-memory service gives every activity work item the same id; the dispatcher abandons a work item whose
        // completion failed.
        var decorator = new RecordingDecorator(ActivityQueue.Create());
        TaskActivityWorkItem first = await decorator.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        TaskActivityWorkItem second = await decorator.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, decorator.ActivitiesInFlight);

        await decorator.CompleteTaskActivityWorkItemAsync(first, new TaskMessage());
        Assert.Equal(1, decorator.ActivitiesInFlight);

        ActivityQueue.FailCompletions = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() => decorator.CompleteTaskActivityWorkItemAsync(second, new TaskMessage()));
        await decorator.AbandonTaskActivityWorkItemAsync(second);
        Assert.Equal(0, decorator.ActivitiesInFlight);
        Assert.True(await decorator.WaitForActivitiesAsync(TimeSpan.Zero, CancellationToken.None));
    }

    /// <summary>An orchestration service that hands out activity work items, all with id 0, and does nothing else.</summary>
    public class ActivityQueue : System.Reflection.DispatchProxy
    {
        public static bool FailCompletions { get; set; }

        public static IOrchestrationService Create()
        {
            FailCompletions = false;
            return Create<IOrchestrationService, ActivityQueue>();
        }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IOrchestrationService.LockNextTaskActivityWorkItem) => Task.FromResult(new TaskActivityWorkItem { Id = "0", TaskMessage = new TaskMessage() }),
            nameof(IOrchestrationService.CompleteTaskActivityWorkItemAsync) when FailCompletions => Task.FromException(new InvalidOperationException("completion failed")),
            _ when targetMethod?.ReturnType == typeof(Task) => Task.CompletedTask,
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }

    private sealed class RecordingDecorator(IOrchestrationService inner) : OrchestrationServiceDecorator(inner)
    {
        public List<bool> Stops { get; } = [];

        public override Task StopAsync(bool isForced)
        {
            Stops.Add(isForced);
            return base.StopAsync(isForced);
        }
    }
}
