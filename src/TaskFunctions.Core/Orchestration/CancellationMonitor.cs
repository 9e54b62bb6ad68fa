using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TaskFunctions.Client;

namespace TaskFunctions.Orchestration;

/// <summary>
/// Watches a running stage's orchestration and cancels the stage's token once the instance is no longer running
/// (terminated by a cancel, or gone). Terminating an orchestration does not stop an activity by itself; this does.
/// </summary>
internal sealed partial class CancellationMonitor : IAsyncDisposable
{
    private readonly DurableTaskClient _client;
    private readonly string _executionId;
    private readonly CancellationTokenSource _stage;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CancellationMonitor(DurableTaskClient client, string executionId, CancellationTokenSource stage, TimeSpan interval, ILogger logger)
    {
        _client = client;
        _executionId = executionId;
        _stage = stage;
        _interval = interval;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                OrchestrationMetadata? instance;
                try
                {
                    instance = await _client.GetInstanceAsync(_executionId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReadFailed(_executionId, ex);
                    continue;
                }

                if (instance is null || !ExecutionStatuses.IsActive(instance.RuntimeStatus))
                {
                    LogStopping(_executionId, instance?.RuntimeStatus.ToString() ?? "gone");
                    await _stage.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stage is over.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Execution {ExecutionId} is {Status}: cancelling its running stage.")]
    private partial void LogStopping(string executionId, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Execution {ExecutionId}: could not read the instance status.")]
    private partial void LogReadFailed(string executionId, Exception exception);
}
