namespace TaskFunctions.Execution;

/// <summary>The error that failed an execution, as recorded in its log and handed to error middleware.</summary>
/// <param name="Type">The full name of the exception type, or <c>TimeoutException</c> for a timeout.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Stage">The stage that failed.</param>
/// <param name="Attempt">The attempt of the handler that failed (1 for the first).</param>
public sealed record TaskError(string Type, string Message, ExecutionStage Stage, int Attempt)
{
    /// <summary>Describes an exception thrown in a stage.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="stage">The stage it was thrown in.</param>
    /// <param name="attempt">The handler attempt.</param>
    /// <returns>The error.</returns>
    public static TaskError FromException(Exception exception, ExecutionStage stage, int attempt)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new TaskError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, stage, attempt);
    }
}
