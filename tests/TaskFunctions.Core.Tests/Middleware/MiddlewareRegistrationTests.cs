using TaskFunctions.Execution;
using TaskFunctions.Middleware;

namespace TaskFunctions.Core.Tests.Middleware;

public sealed class MiddlewareRegistrationTests
{
    [Fact]
    public void TypeImplementingNoMiddlewareInterface_IsRejected()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new MiddlewareRegistration(typeof(NotMiddleware), []));

        Assert.Equal("type", thrown.ParamName);
        Assert.Contains(typeof(NotMiddleware).FullName!, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullArguments_AreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new MiddlewareRegistration(null!, []));
        Assert.Throws<ArgumentNullException>(() => new MiddlewareRegistration(typeof(AllStages), null!));
    }

    [Fact]
    public void StageFlags_FollowTheImplementedInterfaces()
    {
        var before = new MiddlewareRegistration(typeof(BeforeOnly), []);
        var all = new MiddlewareRegistration(typeof(AllStages), []);

        Assert.Equal((true, false, false), (before.Before, before.After, before.Error));
        Assert.Equal((true, true, true), (all.Before, all.After, all.Error));
        Assert.Equal(typeof(AllStages), all.Type);
    }

    [Theory]
    [InlineData(ExecutionStage.Before, true)]
    [InlineData(ExecutionStage.After, false)]
    [InlineData(ExecutionStage.Error, false)]
    [InlineData(ExecutionStage.Handler, false)]
    public void RunsIn_OnlyTheStagesItImplements(ExecutionStage stage, bool expected)
    {
        var registration = new MiddlewareRegistration(typeof(BeforeOnly), []);

        Assert.Equal(expected, registration.RunsIn(stage, "any-task"));
    }

    [Fact]
    public void RunsIn_NeverTheHandlerStage()
    {
        Assert.False(new MiddlewareRegistration(typeof(AllStages), []).RunsIn(ExecutionStage.Handler, "a"));
    }

    [Fact]
    public void TaskFilter_LimitsTheTasksItRunsFor()
    {
        var filtered = new MiddlewareRegistration(typeof(AllStages), ["a", "b"]);
        var everywhere = new MiddlewareRegistration(typeof(AllStages), []);

        Assert.True(filtered.RunsIn(ExecutionStage.Before, "a"));
        Assert.True(filtered.RunsIn(ExecutionStage.Error, "b"));
        Assert.False(filtered.RunsIn(ExecutionStage.Before, "c"));
        Assert.False(filtered.RunsIn(ExecutionStage.Before, "A"));
        Assert.True(everywhere.RunsIn(ExecutionStage.After, "c"));
    }

    private sealed class NotMiddleware;

    private sealed class BeforeOnly : IBeforeTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class AllStages : IBeforeTaskMiddleware, IAfterTaskMiddleware, IErrorTaskMiddleware
    {
        public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
