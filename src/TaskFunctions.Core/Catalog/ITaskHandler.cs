using TaskFunctions.Execution;

namespace TaskFunctions.Catalog;

/// <summary>The work of a named task. Resolved from dependency injection for each attempt.</summary>
public interface ITaskHandler
{
    /// <summary>Runs the task. Throw to fail the execution.</summary>
    /// <param name="context">The execution's context: parameters, log and items.</param>
    /// <param name="cancellationToken">Fires when the execution is cancelled or times out; stop promptly.</param>
    /// <returns>A task that completes when the work is done.</returns>
    Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken);
}
