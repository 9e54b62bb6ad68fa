using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Middleware;

/// <summary>
/// The middleware chain that wraps every task: before middleware, then the handler, then after middleware on
/// success or error middleware on failure. Middleware runs in registration order.
/// </summary>
internal sealed class MiddlewarePipeline
{
    private readonly IReadOnlyList<MiddlewareRegistration> _registrations;

    /// <summary>Initializes a new instance of the <see cref="MiddlewarePipeline"/> class.</summary>
    /// <param name="registrations">The middleware, in the order it runs.</param>
    public MiddlewarePipeline(IEnumerable<MiddlewareRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        _registrations = [.. registrations];
    }

    /// <summary>Gets the registered middleware, in the order it runs.</summary>
    public IReadOnlyList<MiddlewareRegistration> Registrations => _registrations;

    /// <summary>Tells whether a stage of a task has middleware to run.</summary>
    /// <param name="stage">A middleware stage.</param>
    /// <param name="taskName">The task.</param>
    /// <returns>Whether any middleware runs.</returns>
    public bool Runs(ExecutionStage stage, string taskName) => _registrations.Any(r => r.RunsIn(stage, taskName));

    /// <summary>Runs the before middleware of the context's task; the first failure stops the chain and propagates.</summary>
    /// <param name="context">The execution's context.</param>
    /// <param name="services">The services to resolve middleware from.</param>
    /// <param name="cancellationToken">The stage's token.</param>
    /// <returns>A task that completes when the stage's middleware is done.</returns>
    internal async Task RunBeforeAsync(TaskContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach ((_, IBeforeTaskMiddleware middleware) in Resolve<IBeforeTaskMiddleware>(ExecutionStage.Before, context.TaskName, services))
        {
            await middleware.OnBeforeAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the after middleware of the context's task; the first failure stops the chain and propagates.</summary>
    /// <param name="context">The execution's context.</param>
    /// <param name="services">The services to resolve middleware from.</param>
    /// <param name="cancellationToken">The stage's token.</param>
    /// <returns>A task that completes when the stage's middleware is done.</returns>
    internal async Task RunAfterAsync(TaskContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach ((_, IAfterTaskMiddleware middleware) in Resolve<IAfterTaskMiddleware>(ExecutionStage.After, context.TaskName, services))
        {
            await middleware.OnAfterAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs every error middleware of the context's task: a failing one is logged and the others still run. Only
    /// the stage's own token running out stops the chain.
    /// </summary>
    /// <param name="context">The failed execution's context.</param>
    /// <param name="services">The services to resolve middleware from.</param>
    /// <param name="cancellationToken">The stage's token.</param>
    /// <returns>A task that completes when the stage's middleware is done.</returns>
    internal async Task RunErrorAsync(TaskErrorContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach ((MiddlewareRegistration registration, IErrorTaskMiddleware middleware) in Resolve<IErrorTaskMiddleware>(ExecutionStage.Error, context.TaskName, services))
        {
            try
            {
                await middleware.OnErrorAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                context.Logs.Error(LogMessages.ErrorMiddlewareFailed, new
                {
                    middleware = registration.Type.FullName,
                    type = ex.GetType().FullName,
                    message = ex.Message,
                });
            }
        }
    }

    /// <summary>Resolves, in registration order, the middleware of one stage of a task, as that stage's interface.</summary>
    private IEnumerable<(MiddlewareRegistration Registration, TMiddleware Middleware)> Resolve<TMiddleware>(
        ExecutionStage stage, string taskName, IServiceProvider services)
        where TMiddleware : class
    {
        foreach (MiddlewareRegistration registration in _registrations)
        {
            if (registration.RunsIn(stage, taskName))
            {
                yield return (registration, (TMiddleware)services.GetRequiredService(registration.Type));
            }
        }
    }
}
