using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;

namespace TaskFunctions.Orchestration;

/// <summary>
/// The activity that runs one stage of an execution: the before, after or error middleware, or the handler.
/// While it runs, the entries it writes go to the orchestration as live batches, and its token fires at the
/// execution's deadline or as soon as the execution is cancelled. Failures of user code are returned in
/// <see cref="StageResult.Error"/>, never thrown.
/// </summary>
public sealed partial class StageRunner
{
    /// <summary>The activity name.</summary>
    public const string ActivityName = "RunTaskStage";

    private readonly TaskCatalog _catalog;
    private readonly MiddlewarePipeline _pipeline;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly StageRunnerOptions _options;
    private readonly ILogger<StageRunner> _logger;

    /// <summary>Initializes a new instance of the <see cref="StageRunner"/> class.</summary>
    /// <param name="catalog">The task catalog.</param>
    /// <param name="pipeline">The middleware pipeline.</param>
    /// <param name="scopes">Creates the scope that handlers and middleware are resolved from.</param>
    /// <param name="clock">The clock that stamps log entries.</param>
    /// <param name="options">The live log and cancellation intervals.</param>
    /// <param name="logger">The logger.</param>
    public StageRunner(
        TaskCatalog catalog,
        MiddlewarePipeline pipeline,
        IServiceScopeFactory scopes,
        TimeProvider clock,
        IOptions<StageRunnerOptions> options,
        ILogger<StageRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog;
        _pipeline = pipeline;
        _scopes = scopes;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs a stage.</summary>
    /// <param name="request">The stage to run and the execution's state.</param>
    /// <param name="client">The durable client, for live log batches and for noticing a cancel.</param>
    /// <param name="cancellationToken">Cancels the stage (hosts pass none: an interrupted activity is run again).</param>
    /// <returns>The entries written, the items after the stage, and the error if the stage failed.</returns>
    public async Task<StageResult> RunAsync(StageRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var context = new TaskContext(request, _clock);
        TimeSpan untilDeadline = request.Deadline - _clock.GetUtcNow().UtcDateTime;
        using var deadline = new CancellationTokenSource(untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero, _clock);
        using var stageCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        TaskError? error = null;
        await using (new LiveLogPublisher(client, request, context.Logs, _options.LiveLogInterval, _logger).ConfigureAwait(false))
        await using (new CancellationMonitor(client, request.Execution.ExecutionId, stageCancellation, _options.CancellationPollInterval, _logger).ConfigureAwait(false))
        await using (AsyncServiceScope scope = _scopes.CreateAsyncScope())
        {
            try
            {
                if (request.Stage == ExecutionStage.Handler)
                {
                    if (!_catalog.TryGet(request.Execution.TaskName, out TaskDefinition? task))
                    {
                        throw new InvalidOperationException($"The task '{request.Execution.TaskName}' is not registered on this host.");
                    }

                    var handler = (ITaskHandler)scope.ServiceProvider.GetRequiredService(task.HandlerType);
                    await handler.ExecuteAsync(context, stageCancellation.Token).ConfigureAwait(false);
                }
                else
                {
                    await _pipeline.RunAsync(request.Stage, context, scope.ServiceProvider, stageCancellation.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                error = TaskError.FromException(ex, request.Stage, request.Attempt);
                if (ex is OperationCanceledException && stageCancellation.IsCancellationRequested)
                {
                    LogStageStopped(request.Execution.ExecutionId, request.Stage, deadline.IsCancellationRequested ? "its deadline passed" : "the execution was cancelled");
                }
                else
                {
                    LogStageFailed(request.Execution.ExecutionId, request.Stage, ex);
                }
            }
        }

        return new StageResult(context.Logs.Written, context.Items.ToDictionary(), error, error is not null && deadline.IsCancellationRequested);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Execution {ExecutionId}: stage {Stage} stopped because {Reason}.")]
    private partial void LogStageStopped(string executionId, ExecutionStage stage, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId}: stage {Stage} failed.")]
    private partial void LogStageFailed(string executionId, ExecutionStage stage, Exception exception);
}
