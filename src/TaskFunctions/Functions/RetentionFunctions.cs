using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Client;
using TaskFunctions.Http;

namespace TaskFunctions.Functions;

/// <summary>
/// Retention: the purge route, and the timer that purges the executions that finished more than
/// <see cref="RetentionOptions.MaxAge"/> ago, both through <see cref="TaskExecutionClient.PurgeAsync"/>, as the local
/// host's purge route and background service do.
/// </summary>
public sealed partial class RetentionFunctions
{
    /// <summary>The name of the timer function.</summary>
    public const string PurgeExpired = "PurgeExpiredExecutions";

    /// <summary>The app setting that holds the timer's NCRONTAB schedule (six fields, with seconds), as the Functions host reads it.</summary>
    public const string ScheduleSetting = "TaskFunctions:Retention:Schedule";

    private readonly TaskApi _api;
    private readonly TaskExecutionClientFactory _clients;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RetentionFunctions> _logger;

    /// <summary>Initializes a new instance of the <see cref="RetentionFunctions"/> class.</summary>
    /// <param name="api">The HTTP API of the core.</param>
    /// <param name="clients">Makes the execution client over the durable client a trigger is given.</param>
    /// <param name="options">How long finished executions are kept.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">Where the timer reports what it purged.</param>
    public RetentionFunctions(TaskApi api, TaskExecutionClientFactory clients, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionFunctions> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _clients = clients;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary><c>DELETE tasks/executions/purge?before=…&amp;status=…</c>: purges finished executions on demand.</summary>
    /// <param name="request">The request, with the purge's query parameters.</param>
    /// <param name="client">The durable client.</param>
    /// <returns><c>{ "purged": n }</c>, or a problem.</returns>
    [Function(FunctionNames.PurgeExecutions)]
    public Task<IResult> PurgeExecutionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = TaskApiRoutes.Purge)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        _api.PurgeAsync(request, _clients.Create(client));

    /// <summary>
    /// On the schedule of the <c>TaskFunctions:Retention:Schedule</c> app setting: purges the executions that finished
    /// more than <see cref="RetentionOptions.MaxAge"/> ago, unless <see cref="RetentionOptions.Enabled"/> is false.
    /// </summary>
    /// <param name="timer">The timer's state.</param>
    /// <param name="client">The durable client.</param>
    /// <param name="cancellationToken">Fires when the host stops.</param>
    /// <returns>A task that completes when the purge is done.</returns>
    [Function(PurgeExpired)]
    public async Task PurgeExpiredAsync(
        [TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (!_options.Enabled)
        {
            return;
        }

        PurgeReport report = await _clients.Create(client).PurgeAsync(PurgeQuery.OlderThan(_options.MaxAge, _clock), cancellationToken).ConfigureAwait(false);
        Purged(report.Purged, report.LogChunks, report.KeyClaims, report.Slots, _options.MaxAge);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Executions} execution(s) finished more than {MaxAge} ago, with {Chunks} log chunk(s), {Claims} key claim(s) and {Slots} free slot(s).")]
    private partial void Purged(int executions, int chunks, int claims, int slots, TimeSpan maxAge);
}
