using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using TaskFunctions.Client;

namespace TaskFunctions.Core.Tests.Client;

/// <summary>Storage calls of the facade end within their bound, and storage failures read as "the store is unavailable".</summary>
public sealed class BoundedDurableTaskClientTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);
    private readonly Mock<DurableTaskClient> _inner = new("test");

    [Fact]
    public async Task GetInstanceAsync_ACallThatNeverReturns_EndsAtTheBoundAsStoreUnavailable()
    {
        _inner
            .Setup(c => c.GetInstanceAsync("id", It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<OrchestrationMetadata?>().Task); // ignores its token, like a frozen connection

        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        TaskStoreUnavailableException thrown = await Assert.ThrowsAsync<TaskStoreUnavailableException>(
            () => Client().GetInstanceAsync("id", getInputsAndOutputs: true).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.InRange(elapsed.Elapsed, Bound, TimeSpan.FromSeconds(8));
        Assert.Contains("did not answer within", thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.Internal)]
    public async Task ScheduleNewOrchestrationInstanceAsync_ATransportFailure_IsStoreUnavailable(StatusCode status)
    {
        var failure = new RpcException(new Status(status, "storage down"));
        _inner
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(failure);

        TaskStoreUnavailableException thrown = await Assert.ThrowsAsync<TaskStoreUnavailableException>(
            () => Client().ScheduleNewOrchestrationInstanceAsync("orchestrator"));

        Assert.Same(failure, thrown.InnerException);
    }

    [Fact]
    public async Task TerminateInstanceAsync_AFailureOfTheRequest_PassesThrough()
    {
        _inner
            .Setup(c => c.TerminateInstanceAsync("id", It.IsAny<TerminateInstanceOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.NotFound, "no such instance")));

        RpcException thrown = await Assert.ThrowsAsync<RpcException>(() => Client().TerminateInstanceAsync("id", new TerminateInstanceOptions()));

        Assert.Equal(StatusCode.NotFound, thrown.StatusCode);
    }

    [Fact]
    public async Task RaiseEventAsync_TheCallersCancellation_IsACancellationNotAStoreFailure()
    {
        _inner
            .Setup(c => c.RaiseEventAsync("id", "e", It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, object?, CancellationToken>((_, _, _, token) => Task.Delay(Timeout.Infinite, token));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(TimeSpan.FromSeconds(30)).RaiseEventAsync("id", "e", null, caller.Token));
    }

    [Fact]
    public async Task GetAllInstancesAsync_APageThatNeverComes_EndsAtTheBoundAsStoreUnavailable()
    {
        _inner
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create<OrchestrationMetadata>((_, _, _) => new TaskCompletionSource<Page<OrchestrationMetadata>>().Task));

        await Assert.ThrowsAsync<TaskStoreUnavailableException>(async () =>
        {
            await foreach (OrchestrationMetadata _ in Client().GetAllInstancesAsync(new OrchestrationQuery()))
            {
            }
        });
    }

    [Fact]
    public async Task GetInstanceAsync_AnAnswerWithinTheBound_IsReturnedAsItIs()
    {
        var instance = new OrchestrationMetadata("orchestrator", "id");
        _inner.Setup(c => c.GetInstanceAsync("id", true, It.IsAny<CancellationToken>())).ReturnsAsync(instance);

        Assert.Same(instance, await Client().GetInstanceAsync("id", getInputsAndOutputs: true));
    }

    private BoundedDurableTaskClient Client(TimeSpan? bound = null) => new(_inner.Object, bound ?? Bound);
}
