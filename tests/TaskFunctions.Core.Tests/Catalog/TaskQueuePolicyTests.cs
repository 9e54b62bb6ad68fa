using TaskFunctions.Catalog;

namespace TaskFunctions.Core.Tests.Catalog;

public sealed class TaskQueuePolicyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(TaskQueuePolicy.MaxCapacity)]
    public void Constructor_ACapacityInRange_IsKept(int capacity) =>
        Assert.Equal(capacity, new TaskQueuePolicy(capacity).Capacity);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(TaskQueuePolicy.MaxCapacity + 1)]
    public void Constructor_ACapacityOutOfRange_IsRefusedNamingTheRange(int capacity)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TaskQueuePolicy(capacity));

        Assert.Equal("capacity", error.ParamName);
        Assert.Contains($"from 1 to {TaskQueuePolicy.MaxCapacity}", error.Message, StringComparison.Ordinal);
    }
}
