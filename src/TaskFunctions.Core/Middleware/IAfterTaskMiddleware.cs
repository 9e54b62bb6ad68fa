using TaskFunctions.Execution;

namespace TaskFunctions.Middleware;

/// <summary>Middleware that runs after a task's handler succeeded. Throwing fails the execution.</summary>
public interface IAfterTaskMiddleware
{
    /// <summary>Runs after the handler succeeded.</summary>
    /// <param name="context">The execution's context.</param>
    /// <param name="cancellationToken">Fires when the execution is cancelled or times out.</param>
    /// <returns>A task that completes when the middleware is done.</returns>
    Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken);
}
