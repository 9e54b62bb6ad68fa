using TaskFunctions.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Core.Tests.Client;

public sealed class StartRequestReplayTests
{
    [Fact]
    public void ReplayOf_AnExecutionIdInAnyUsualForm_IsKeptCanonical()
    {
        var request = new StartRequest(TriggerKind.Replay) { ReplayOf = "{550E8400-E29B-41D4-A716-446655440000}" };

        Assert.Equal("550e8400-e29b-41d4-a716-446655440000", request.ReplayOf);
    }

    [Fact]
    public void ReplayOf_None_IsNull()
    {
        Assert.Null(new StartRequest(TriggerKind.Replay).ReplayOf);
        Assert.Null(new StartRequest(TriggerKind.Manual) { ReplayOf = null }.ReplayOf);
    }

    [Theory]
    [InlineData(TriggerKind.Manual)]
    [InlineData(TriggerKind.Api)]
    public void ReplayOf_OnAStartThatIsNoReplay_IsRefused(TriggerKind trigger)
    {
        Assert.Throws<ArgumentException>(() => new StartRequest(trigger) { ReplayOf = "550e8400-e29b-41d4-a716-446655440000" });
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("slot:user-space-sync:0")]
    public void ReplayOf_NotAnExecutionId_IsRefused(string value)
    {
        Assert.Throws<ArgumentException>(() => new StartRequest(TriggerKind.Replay) { ReplayOf = value });
    }
}
