using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TaskFunctions.Worker;

/// <summary>
/// Hands running attempts back when the host stops, before the engine's worker and connections go: attempts
/// that finish within <see cref="WorkerOptions.ShutdownGracePeriod"/> complete as usual, the others end as
/// interrupted and run again at once elsewhere (or on this host's next start), not after a lock expires.
/// </summary>
internal sealed class WorkerShutdown : IHostedLifecycleService
{
    private readonly AttemptRunner _runner;
    private readonly WorkerOptions _options;

    public WorkerShutdown(AttemptRunner runner, IOptions<WorkerOptions> options)
    {
        _runner = runner;
        _options = options.Value;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => _runner.InterruptAsync(_options.ShutdownGracePeriod, cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
