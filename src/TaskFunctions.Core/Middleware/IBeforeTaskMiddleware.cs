using TaskFunctions.Execution;

namespace TaskFunctions.Middleware;

/// <summary>Middleware that runs before a task's handler. Throwing fails the execution.</summary>
public interface IBeforeTaskMiddleware
{
    /// <summary>Runs before the handler.</summary>
    /// <param name="context">The execution's context.</param>
    /// <param name="cancellationToken">Fires when the execution is cancelled or times out.</param>
    /// <returns>A task that completes when the middleware is done.</returns>
    Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken);
}
