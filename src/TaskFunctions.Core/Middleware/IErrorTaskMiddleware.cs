using TaskFunctions.Execution;

namespace TaskFunctions.Middleware;

/// <summary>Middleware that runs when an execution failed; <see cref="TaskContext.Error"/> says why.</summary>
public interface IErrorTaskMiddleware
{
    /// <summary>Runs after the execution failed.</summary>
    /// <param name="context">The execution's context, with <see cref="TaskContext.Error"/> set.</param>
    /// <param name="cancellationToken">Fires when the error stage runs out of time.</param>
    /// <returns>A task that completes when the middleware is done.</returns>
    Task OnErrorAsync(TaskContext context, CancellationToken cancellationToken);
}
