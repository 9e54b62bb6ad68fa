using System.Text.Json;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Execution;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.Execution;

public sealed class TaskContextTests
{
    private readonly TestClock _clock = new(Requests.Start);

    [Fact]
    public void Constructor_CopiesTheRequest()
    {
        ExecutionRequest execution = Requests.Execution("my-task", timeoutMs: 1500, parameters: Requests.Json("""{"a":1}"""));
        var error = new TaskError("T", "m", ExecutionStage.Handler, 2);
        StageRequest request = Requests.Stage(
            execution,
            ExecutionStage.Error,
            Requests.Start.AddSeconds(9),
            logs: [Requests.Entry("earlier")],
            items: Requests.Items(("k", "v")),
            error: error,
            attempt: 2,
            omittedLogCount: 4);

        var context = new TaskContext(request, _clock);

        Assert.Equal(execution.ExecutionId, context.ExecutionId);
        Assert.Equal("my-task", context.TaskName);
        Assert.Equal(TriggerKind.Manual, context.Trigger);
        Assert.Equal(Requests.Start, context.StartedAt);
        Assert.Equal(1500, context.TimeoutMs);
        Assert.Equal(Requests.Start.AddSeconds(9), context.Deadline);
        Assert.Equal(ExecutionStage.Error, context.Stage);
        Assert.Equal(2, context.Attempt);
        Assert.Equal(error, context.Error);
        Assert.Equal("earlier", Assert.Single(context.Logs).Message);
        Assert.Equal(4, context.Logs.OmittedCount);
        Assert.Equal("v", context.Items.Get<string>("k"));
        Assert.Equal(1, context.Params!.Value.GetProperty("a").GetInt32());
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

    private TaskContext Context(string? parameters) => new(
        Requests.Stage(
            Requests.Execution(parameters: parameters is null ? null : Requests.Json(parameters)),
            ExecutionStage.Handler,
            Requests.Start.AddSeconds(30)),
        _clock);

    private sealed class Params
    {
        public int DurationMs { get; set; } = 100;

        public string? Name { get; set; }

        public string[] Tags { get; set; } = [];
    }
}
