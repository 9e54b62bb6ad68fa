using Microsoft.Extensions.Options;
using TaskFunctions.Worker;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>
/// When the host stops, before the engine does: takes no new activity work item, and waits until the attempts
/// this host runs have finished or been handed back (<see cref="WorkerOptions.ShutdownGracePeriod"/>) and
/// their results are stored and recorded by their orchestrations. Then the gRPC worker and the sidecar stop with nothing in flight, and no attempt
/// waits for its lock to expire before another host runs it.
/// </summary>
internal sealed partial class EngineDrain : IHostedLifecycleService
{
    private static readonly TimeSpan StoreMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OrchestrationsQuiet = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan OrchestrationsWait = TimeSpan.FromSeconds(3);

    private readonly OrchestrationServiceDecorator _service;
    private readonly WorkerOptions _options;
    private readonly ILogger _logger;

    public EngineDrain(OrchestrationServiceDecorator service, IOptions<WorkerOptions> options, ILogger<EngineDrain> logger)
    {
        _service = service;
        _options = options.Value;
        _logger = logger;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _service.StopTakingActivitiesAsync().ConfigureAwait(false);
        TimeSpan longest = _options.ShutdownGracePeriod + _options.StopGracePeriod + StoreMargin;
        if (!await _service.WaitForActivitiesAsync(longest, cancellationToken).ConfigureAwait(false))
        {
            LogActivitiesLeft(_service.ActivitiesInFlight, longest.TotalSeconds);
        }

        await _service.WaitForQuietOrchestrationsAsync(OrchestrationsQuiet, OrchestrationsWait, cancellationToken).ConfigureAwait(false);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Count} activity work items were still in flight after {Seconds} s; their locks expire and another host runs them.")]
    private partial void LogActivitiesLeft(int count, double seconds);
}
