using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Serialization;

namespace TaskFunctions.Core.Tests.Execution;

public sealed class TaskErrorTests
{
    [Fact]
    public void FromException_RecordsTheFullTypeNameMessageStageAndAttempt()
    {
        TaskError error = TaskError.FromException(new InvalidOperationException("boom"), ExecutionStage.After, 3);

        Assert.Equal(new TaskError("System.InvalidOperationException", "boom", ExecutionStage.After, 3), error);
    }

    [Fact]
    public void FromException_RejectsNull()
    {
        Assert.Throws<ArgumentNullException>(() => TaskError.FromException(null!, ExecutionStage.Handler, 1));
    }

    [Fact]
    public void Serializes_WithLowerCaseStage()
    {
        string json = JsonSerializer.Serialize(new TaskError("T", "m", ExecutionStage.Handler, 1), TaskFunctionsJson.Options);

        Assert.Equal("""{"type":"T","message":"m","stage":"handler","attempt":1}""", json);
    }
}
