using System.Text.Json;
using TaskFunctions.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Core.Tests.Client;

public sealed class StartRequestTests
{
    [Fact]
    public void Constructor_KeepsTheValues_AndCountsTheTimeoutInWholeMilliseconds()
    {
        JsonElement parameters = JsonDocument.Parse("""{"a":1}""").RootElement;

        var request = new StartRequest(TriggerKind.Api, parameters, TimeSpan.FromMilliseconds(1_500.7), "key");

        Assert.Equal(TriggerKind.Api, request.Trigger);
        Assert.Equal(1, request.Params!.Value.GetProperty("a").GetInt32());
        Assert.Equal(TimeSpan.FromMilliseconds(1_500), request.Timeout);
        Assert.Equal("key", request.IdempotencyKey);
    }

    [Fact]
    public void Constructor_WithOnlyATrigger_HasNoParamsTimeoutOrKey()
    {
        var request = new StartRequest(TriggerKind.Manual);

        Assert.Null(request.Params);
        Assert.Null(request.Timeout);
        Assert.Null(request.IdempotencyKey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(-1)]
    public void Constructor_RejectsATimeoutUnderOneMillisecond(double ms)
    {
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new StartRequest(TriggerKind.Api, timeout: TimeSpan.FromMilliseconds(ms)));

        Assert.Equal("timeout", thrown.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(StartRequest.MaxIdempotencyKeyLength + 1)]
    public void Constructor_RejectsAnEmptyOrOverlongKey(int length)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new StartRequest(TriggerKind.Api, idempotencyKey: new string('k', length)));

        Assert.Equal("idempotencyKey", thrown.ParamName);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"text\"")]
    [InlineData("3")]
    public void Constructor_RejectsParamsThatAreNotAnObject(string json)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new StartRequest(TriggerKind.Api, JsonDocument.Parse(json).RootElement));

        Assert.Equal("parameters", thrown.ParamName);
    }
}
