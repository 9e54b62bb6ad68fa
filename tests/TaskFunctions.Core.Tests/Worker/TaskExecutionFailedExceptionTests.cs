using TaskFunctions.Execution;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class TaskExecutionFailedExceptionTests
{
    [Fact]
    public void FromError_CarriesTheErrorAndNamesItInTheMessage()
    {
        var error = new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 1);

        var exception = new TaskExecutionFailedException(error);

        Assert.Same(error, exception.Error);
        Assert.Equal("System.InvalidOperationException: boom", exception.Message);
    }

    [Fact]
    public void Thrown_CarriesNoStackTrace()
    {
        var error = new TaskError("System.InvalidOperationException", "boom", ExecutionStage.Handler, 1);

        TaskExecutionFailedException thrown = Assert.Throws<TaskExecutionFailedException>(void () => throw new TaskExecutionFailedException(error));

        Assert.Null(thrown.StackTrace);
        Assert.DoesNotContain(" at ", thrown.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromNullError_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new TaskExecutionFailedException((TaskError)null!));
    }

    [Fact]
    public void StandardConstructors_HaveNoError()
    {
        var inner = new InvalidOperationException();

        Assert.Null(new TaskExecutionFailedException().Error);
        Assert.Equal("m", new TaskExecutionFailedException("m").Message);
        Assert.Same(inner, new TaskExecutionFailedException("m", inner).InnerException);
    }
}
