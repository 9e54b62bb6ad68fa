using Microsoft.DurableTask.Converters;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Protocol;

/// <summary>The custom status as the engine stores it (and the Azure portal shows it) never contradicts the runtime status.</summary>
public sealed class ExecutionSnapshotTests
{
    [Fact]
    public void Serialized_ARunningSnapshot_SaysNothingAboutTheStatus()
    {
        string json = JsonDataConverter.Default.Serialize(new ExecutionSnapshot(ExecutionStatus.Running, null, [Requests.Entry("working")], 0, 0))!;

        Assert.DoesNotContain("status", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("working", json, StringComparison.Ordinal);
        Assert.Equal(ExecutionStatus.Running, JsonDataConverter.Default.Deserialize<ExecutionSnapshot>(json)!.Status);
    }

    [Theory]
    [InlineData(ExecutionStatus.Completed)]
    [InlineData(ExecutionStatus.Failed)]
    public void Serialized_ADecidedSnapshot_CarriesItsStatus(ExecutionStatus status)
    {
        string json = JsonDataConverter.Default.Serialize(new ExecutionSnapshot(status, Requests.Start, [], 0, 0))!;

        Assert.Equal(status, JsonDataConverter.Default.Deserialize<ExecutionSnapshot>(json)!.Status);
        Assert.Contains("status", json, StringComparison.OrdinalIgnoreCase);
    }
}
