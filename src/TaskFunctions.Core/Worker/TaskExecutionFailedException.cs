using TaskFunctions.Execution;

namespace TaskFunctions.Worker;

/// <summary>
/// Thrown by the orchestrator at the very end of a failed execution, so that the engine (and the Azure portal)
/// records the instance as Failed. The execution's log has already recorded the error, and the host's log told it
/// once with the user's exception; this one carries the error's type and message only, no stack trace (which would
/// show the orchestrator's frames and build paths in the instance's failure details).
/// </summary>
public sealed class TaskExecutionFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TaskExecutionFailedException"/> class.</summary>
    public TaskExecutionFailedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskExecutionFailedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TaskExecutionFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskExecutionFailedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TaskExecutionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskExecutionFailedException"/> class.</summary>
    /// <param name="error">The error that failed the execution.</param>
    public TaskExecutionFailedException(TaskError error)
        : base($"{error?.Type}: {error?.Message}")
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Gets the error that failed the execution.</summary>
    public TaskError? Error { get; }

    /// <inheritdoc/>
    public override string? StackTrace => null;
}
