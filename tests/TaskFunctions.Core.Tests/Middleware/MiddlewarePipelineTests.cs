using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Middleware;

namespace TaskFunctions.Core.Tests.Middleware;

public sealed class MiddlewarePipelineTests
{
    private static readonly ExecutionStage[] Stages = [ExecutionStage.Before, ExecutionStage.After, ExecutionStage.Error];

    [Theory]
    [InlineData(ExecutionStage.Before)]
    [InlineData(ExecutionStage.After)]
    [InlineData(ExecutionStage.Error)]
    public void Runs_WithoutMiddleware_IsFalse(ExecutionStage stage)
    {
        Assert.False(new MiddlewarePipeline([]).Runs(stage, "any"));
    }

    [Fact]
    public void Runs_FollowsTaskFilters()
    {
        var pipeline = new MiddlewarePipeline(
        [
            new MiddlewareRegistration(typeof(BeforeMiddleware), ["alpha"]),
            new MiddlewareRegistration(typeof(AfterMiddleware), ["beta"]),
            new MiddlewareRegistration(typeof(ErrorMiddleware), []),
        ]);

        Assert.Equal([true, false, true], Stages.Select(stage => pipeline.Runs(stage, "alpha")));
        Assert.Equal([false, true, true], Stages.Select(stage => pipeline.Runs(stage, "beta")));
        Assert.Equal([false, false, true], Stages.Select(stage => pipeline.Runs(stage, "gamma")));
    }

    [Fact]
    public void Registrations_KeepTheirOrder()
    {
        MiddlewareRegistration[] registrations =
        [
            new(typeof(ErrorMiddleware), []),
            new(typeof(BeforeMiddleware), []),
            new(typeof(AfterMiddleware), []),
        ];

        Assert.Equal(registrations, new MiddlewarePipeline(registrations).Registrations);
    }

    [Theory]
    [InlineData(ExecutionStage.Before, "before")]
    [InlineData(ExecutionStage.After, "after")]
    [InlineData(ExecutionStage.Error, "error")]
    public async Task RunAsync_RunsOnlyTheStagesMiddleware(ExecutionStage stage, string expected)
    {
        var pipeline = new MiddlewarePipeline(
        [
            new MiddlewareRegistration(typeof(BeforeMiddleware), []),
            new MiddlewareRegistration(typeof(AfterMiddleware), []),
            new MiddlewareRegistration(typeof(ErrorMiddleware), []),
        ]);
        TaskContext context = stage == ExecutionStage.Error ? ErrorContext() : Context(stage);
        using ServiceProvider services = Services();

        await (stage switch
        {
            ExecutionStage.Before => pipeline.RunBeforeAsync(context, services, CancellationToken.None),
            ExecutionStage.After => pipeline.RunAfterAsync(context, services, CancellationToken.None),
            _ => pipeline.RunErrorAsync((TaskErrorContext)context, services, CancellationToken.None),
        });

        Assert.Equal([expected], context.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task RunAsync_RunsInRegistrationOrderAndSkipsFilteredMiddleware()
    {
        var pipeline = new MiddlewarePipeline(
        [
            new MiddlewareRegistration(typeof(AfterMiddleware), []),
            new MiddlewareRegistration(typeof(ErrorMiddleware), ["other-task"]),
            new MiddlewareRegistration(typeof(AllStagesMiddleware), []),
        ]);
        TaskContext context = Context(ExecutionStage.After);
        using ServiceProvider services = Services();

        await pipeline.RunAfterAsync(context, services, CancellationToken.None);

        Assert.Equal(["after", "all:After"], context.Logs.Select(l => l.Message));
    }

    [Fact]
    public async Task RunAsync_AfterStageFailurePropagates()
    {
        var pipeline = new MiddlewarePipeline(
        [
            new MiddlewareRegistration(typeof(ThrowingAfterMiddleware), []),
            new MiddlewareRegistration(typeof(AfterMiddleware), []),
        ]);
        TaskContext context = Context(ExecutionStage.After);
        using ServiceProvider services = Services();

        await Assert.ThrowsAsync<InvalidDataException>(() => pipeline.RunAfterAsync(context, services, CancellationToken.None));

        Assert.Empty(context.Logs);
    }

    [Fact]
    public async Task RunAsync_ErrorStageCancellationPropagatesWhenTheTokenFired()
    {
        var pipeline = new MiddlewarePipeline(
        [
            new MiddlewareRegistration(typeof(CancelledErrorMiddleware), []),
            new MiddlewareRegistration(typeof(ErrorMiddleware), []),
        ]);
        TaskErrorContext context = ErrorContext();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        using ServiceProvider services = Services();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => pipeline.RunErrorAsync(context, services, cancellation.Token));

        Assert.DoesNotContain(context.Logs, l => l.Message == LogMessages.ErrorMiddlewareFailed);
    }

    [Fact]
    public async Task RunAsync_ErrorStageLogsAnUnrequestedCancellationAndGoesOn()
    {
        var pipeline = new MiddlewarePipeline(
        [
            new MiddlewareRegistration(typeof(CancelledErrorMiddleware), []),
            new MiddlewareRegistration(typeof(ErrorMiddleware), []),
        ]);
        TaskErrorContext context = ErrorContext();
        using ServiceProvider services = Services();

        await pipeline.RunErrorAsync(context, services, CancellationToken.None);

        Assert.Equal([LogMessages.ErrorMiddlewareFailed, "error"], context.Logs.Select(l => l.Message));
    }

    private static TaskContext Context(ExecutionStage stage) =>
        Requests.Context(Requests.Execution(), stage);

    private static TaskErrorContext ErrorContext() =>
        Requests.ErrorContext(Requests.Execution(), new TaskError("System.Exception", "failed", ExecutionStage.Handler, 1));

    private static ServiceProvider Services() => new ServiceCollection()
        .AddTransient<BeforeMiddleware>()
        .AddTransient<AfterMiddleware>()
        .AddTransient<ErrorMiddleware>()
        .AddTransient<AllStagesMiddleware>()
        .AddTransient<ThrowingAfterMiddleware>()
        .AddTransient<CancelledErrorMiddleware>()
        .BuildServiceProvider();

    private sealed class BeforeMiddleware : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("before");
            return Task.CompletedTask;
        }
    }

    private sealed class AfterMiddleware : IAfterTaskMiddleware
    {
        public Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("after");
            return Task.CompletedTask;
        }
    }

    private sealed class ErrorMiddleware : IErrorTaskMiddleware
    {
        public Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken)
        {
            context.Logs.Info("error");
            return Task.CompletedTask;
        }
    }

    private sealed class AllStagesMiddleware : IBeforeTaskMiddleware, IAfterTaskMiddleware, IErrorTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) => Log(context);

        public Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken) => Log(context);

        public Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken) => Log(context);

        private static Task Log(TaskContext context)
        {
            context.Logs.Info($"all:{context.Stage}");
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingAfterMiddleware : IAfterTaskMiddleware
    {
        public Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken) => throw new InvalidDataException("bad");
    }

    private sealed class CancelledErrorMiddleware : IErrorTaskMiddleware
    {
        public Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken) => throw new OperationCanceledException();
    }
}
