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
