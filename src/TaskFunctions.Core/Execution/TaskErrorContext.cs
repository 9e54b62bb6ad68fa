namespace TaskFunctions.Execution;

/// <summary>
/// The context the error middleware gets: the failed execution's <see cref="TaskContext"/> (its log and items
/// included) and the <see cref="Error"/> that failed it.
/// </summary>
public sealed class TaskErrorContext : TaskContext
{
    /// <summary>Initializes a new instance of the <see cref="TaskErrorContext"/> class.</summary>
    /// <param name="context">The context of the failed run; its log and items are shared, not copied.</param>
    /// <param name="error">The error that failed the execution.</param>
    /// <remarks>Hosts build it when an execution fails; tests of error middleware build their own.</remarks>
    public TaskErrorContext(TaskContext context, TaskError error)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
        Stage = ExecutionStage.Error;
    }

    /// <summary>Gets the error that failed the execution.</summary>
    public TaskError Error { get; }
}
