using System.Text.Json;
using TaskFunctions.Execution;

namespace TaskFunctions.Core.Tests.Execution;

public sealed class TaskContextTests
{
    private readonly TestClock _clock = new(Requests.Start);

    [Fact]
    public void Constructor_KeepsWhatItIsGiven()
    {
        JsonElement parameters = Requests.Json("""{"a":1}""");
        var log = new TaskLog([Requests.Entry("earlier")], 4, _clock);
        var items = new TaskItems(Requests.Items(("k", "v")));

        var context = new TaskContext("exec-1", "my-task", TriggerKind.Api, parameters, Requests.Start, TimeSpan.FromMilliseconds(1500), 2, log, items);

        Assert.Equal("exec-1", context.ExecutionId);
        Assert.Equal("my-task", context.TaskName);
        Assert.Equal(TriggerKind.Api, context.Trigger);
        Assert.Equal(Requests.Start, context.StartedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), context.Timeout);
        Assert.Equal(Requests.Start.AddMilliseconds(1500), context.Deadline);
        Assert.Equal(ExecutionStage.Handler, context.Stage);
        Assert.Equal(2, context.Attempt);
        Assert.Same(log, context.Logs);
        Assert.Equal("earlier", Assert.Single(context.Logs).Message);
        Assert.Equal(4, context.Logs.OmittedCount);
        Assert.Equal("v", context.Items.Get<string>("k"));
        Assert.Equal(1, context.Params!.Value.GetProperty("a").GetInt32());
    }

    [Fact]
    public void ErrorContext_SharesTheRunsLogAndItems_AndCarriesTheError()
    {
        var context = new TaskContext("exec-1", "my-task", TriggerKind.Api, null, Requests.Start, TimeSpan.FromSeconds(5), 3);
        context.Items.Set("k", "v");
        var error = new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 3);

        var failed = new TaskErrorContext(context, error);
        failed.Logs.Warn("from the error stage");

        Assert.Same(error, failed.Error);
        Assert.Equal(ExecutionStage.Error, failed.Stage);
        Assert.Equal((context.ExecutionId, context.TaskName, context.Trigger, context.Attempt), (failed.ExecutionId, failed.TaskName, failed.Trigger, failed.Attempt));
        Assert.Equal((context.StartedAt, context.Timeout, context.Deadline), (failed.StartedAt, failed.Timeout, failed.Deadline));
        Assert.Same(context.Logs, failed.Logs);
        Assert.Same(context.Items, failed.Items);
        Assert.Equal("from the error stage", Assert.Single(context.Logs).Message);
    }

    [Fact]
    public void ErrorContext_NeedsAnError()
    {
        var context = new TaskContext("exec-1", "my-task", TriggerKind.Api, null, Requests.Start, TimeSpan.FromSeconds(5));

        Assert.Throws<ArgumentNullException>(() => new TaskErrorContext(context, null!));
    }

    [Fact]
    public void Constructor_ForATest_NeedsOnlyIdentityAndTimeout()
    {
        var context = new TaskContext("exec-1", "my-task", TriggerKind.Manual, null, Requests.Start, TimeSpan.FromSeconds(5));

        context.Logs.Info("written");

        Assert.Equal(1, context.Attempt);
        Assert.Equal("written", Assert.Single(context.Logs).Message);
        Assert.Empty(context.Items.Keys);
    }

    [Theory]
    [InlineData("", "t", 1000, 1)]
    [InlineData("e", "", 1000, 1)]
    [InlineData("e", "t", 0, 1)]
    [InlineData("e", "t", 1000, 0)]
    public void Constructor_RejectsInvalidValues(string executionId, string taskName, int timeoutMs, int attempt)
    {
        Assert.ThrowsAny<ArgumentException>(() =>
            new TaskContext(executionId, taskName, TriggerKind.Manual, null, Requests.Start, TimeSpan.FromMilliseconds(timeoutMs), attempt));
    }

    [Fact]
    public void GetParams_BindsCamelCaseNames()
    {
        TaskContext context = Context("""{"durationMs":250,"name":"x","tags":["a","b"]}""");

        Params p = context.GetParams<Params>();

        Assert.Equal(250, p.DurationMs);
        Assert.Equal("x", p.Name);
        Assert.Equal(["a", "b"], p.Tags);
    }

    [Fact]
    public void GetParams_WithoutParams_ReturnsDefaults()
    {
        Params p = Context(null).GetParams<Params>();

        Assert.Equal(100, p.DurationMs);
        Assert.Null(p.Name);
    }

    [Fact]
    public void GetParams_KeepsDefaultsForMissingProperties()
    {
        Params p = Context("""{"name":"only"}""").GetParams<Params>();

        Assert.Equal(100, p.DurationMs);
        Assert.Equal("only", p.Name);
    }

    [Fact]
    public void GetParams_OfTheWrongShape_Throws()
    {
        TaskContext context = Context("""{"durationMs":"soon"}""");

        Assert.Throws<JsonException>(() => context.GetParams<Params>());
    }

    private TaskContext Context(string? parameters) =>
        Requests.Context(Requests.Execution(parameters: parameters is null ? null : Requests.Json(parameters)), clock: _clock);

    private sealed class Params
    {
        public int DurationMs { get; set; } = 100;

        public string? Name { get; set; }

        public string[] Tags { get; set; } = [];
    }
}
