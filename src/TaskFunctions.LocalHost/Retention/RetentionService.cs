using Microsoft.Extensions.Options;
using TaskFunctions.Client;

namespace TaskFunctions.LocalHost.Retention;

/// <summary>
/// Purges the executions that finished more than <see cref="RetentionOptions.MaxAge"/> ago, every
/// <see cref="RetentionOptions.Interval"/> (the first time a minute after the host starts, or sooner when the interval
/// is shorter), through the same <see cref="TaskExecutionClient.PurgeAsync"/> as the purge route and the Functions
/// app's timer. A purge that fails is logged and tried again at the next interval; the host goes on.
/// </summary>
internal sealed partial class RetentionService : BackgroundService
{
    private static readonly TimeSpan FirstPurgeDelay = TimeSpan.FromMinutes(1);

    private readonly TaskExecutionClient _executions;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RetentionService> _logger;

    public RetentionService(TaskExecutionClient executions, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionService> logger)
    {
        _executions = executions;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        TimeSpan wait = _options.Interval < FirstPurgeDelay ? _options.Interval : FirstPurgeDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, _clock, stoppingToken).ConfigureAwait(false);
                PurgeReport report = await _executions.PurgeAsync(PurgeQuery.OlderThan(_options.MaxAge, _clock), stoppingToken).ConfigureAwait(false);
                if (report.Purged + report.LogChunks + report.KeyClaims + report.Slots > 0)
                {
                    Purged(report.Purged, report.LogChunks, report.KeyClaims, report.Slots, _options.MaxAge);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                PurgeFailed(ex, _options.Interval);
            }

            wait = _options.Interval;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Executions} execution(s) finished more than {MaxAge} ago, with {Chunks} log chunk(s), {Claims} key claim(s) and {Slots} free slot(s).")]
    private partial void Purged(int executions, int chunks, int claims, int slots, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The purge of old executions failed; it runs again in {Interval}.")]
    private partial void PurgeFailed(Exception exception, TimeSpan interval);
}
