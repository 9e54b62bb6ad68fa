using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;

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

    /// <summary>Tells which stages of a task have middleware to run.</summary>
    /// <param name="taskName">The task.</param>
    /// <returns>The plan.</returns>
    public ExecutionPlan PlanFor(string taskName) => new(
        _registrations.Any(r => r.RunsIn(ExecutionStage.Before, taskName)),
        _registrations.Any(r => r.RunsIn(ExecutionStage.After, taskName)),
        _registrations.Any(r => r.RunsIn(ExecutionStage.Error, taskName)));

    /// <summary>
    /// Runs the middleware of one stage. In the before and after stages the first failure stops the chain and
    /// propagates; in the error stage every middleware runs, and a failing one is logged.
    /// </summary>
    /// <param name="stage">A middleware stage.</param>
    /// <param name="context">The execution's context.</param>
    /// <param name="services">The services to resolve middleware from.</param>
    /// <param name="cancellationToken">The stage's token.</param>
    /// <returns>A task that completes when the stage's middleware is done.</returns>
    internal async Task RunAsync(ExecutionStage stage, TaskContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (MiddlewareRegistration registration in _registrations)
        {
            if (!registration.RunsIn(stage, context.TaskName))
            {
                continue;
            }

            object middleware = services.GetRequiredService(registration.Type);
            switch (stage)
            {
                case ExecutionStage.Before:
                    await ((IBeforeTaskMiddleware)middleware).OnBeforeAsync(context, cancellationToken).ConfigureAwait(false);
                    break;
                case ExecutionStage.After:
                    await ((IAfterTaskMiddleware)middleware).OnAfterAsync(context, cancellationToken).ConfigureAwait(false);
                    break;
                case ExecutionStage.Error:
                    try
                    {
                        await ((IErrorTaskMiddleware)middleware).OnErrorAsync(context, cancellationToken).ConfigureAwait(false);
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

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(stage), stage, "The handler stage has no middleware.");
            }
        }
    }
}
