using TaskFunctions.Execution;

namespace TaskFunctions.Middleware;

/// <summary>Middleware that runs when an execution failed; <see cref="TaskErrorContext.Error"/> says why.</summary>
public interface IErrorTaskMiddleware
{
    /// <summary>Runs after the execution failed.</summary>
    /// <param name="context">The failed execution's context and its error.</param>
    /// <param name="cancellationToken">Fires when the error stage runs out of time.</param>
    /// <returns>A task that completes when the middleware is done.</returns>
    Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken);
}
