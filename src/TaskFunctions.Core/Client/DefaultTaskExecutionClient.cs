using Microsoft.DurableTask.Client;
using TaskFunctions.Catalog;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>The <see cref="TaskExecutionClient"/> over a <see cref="DurableTaskClient"/>.</summary>
internal sealed class DefaultTaskExecutionClient : TaskExecutionClient
{
    private readonly DurableTaskClient _client;
    private readonly TaskCatalog _catalog;
    private readonly ExecutionStarter _starter;
    private readonly ExecutionReader _reader;
    private readonly ExecutionCanceller _canceller;
    private readonly ExecutionFeeds _feeds;
    private readonly ExecutionReplayer _replayer;
    private readonly ExecutionPurger _purger;

    public DefaultTaskExecutionClient(
        DurableTaskClient client, TaskCatalog catalog, MiddlewarePipeline pipeline, TimeProvider clock, LocalCancellation local, ExecutionFeeds feeds, TaskExecutionClientOptions options, RetentionOptions retention)
    {
        _client = client;
        _catalog = catalog;
        _feeds = feeds;
        _starter = new ExecutionStarter(client, pipeline, clock, options);
        _reader = new ExecutionReader(client, options);
        _canceller = new ExecutionCanceller(client, catalog, local, options);
        _replayer = new ExecutionReplayer(client, catalog);
        _purger = new ExecutionPurger(client, clock, options, retention);
    }

    public override Task<StartResult> StartAsync(string taskName, StartRequest request, CancellationToken cancellationToken = default) =>
        _starter.StartAsync(Task(taskName), request, cancellationToken);

    public override async Task<ReplayResult?> ReplayAsync(string executionId, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        if (await _replayer.PrepareAsync(executionId, idempotencyKey, cancellationToken).ConfigureAwait(false) is not { } replay)
        {
            return null;
        }

        return new ReplayResult(replay.Task.Name, await StartAsync(replay.Task.Name, replay.Start, cancellationToken).ConfigureAwait(false));
    }

    public override Task<ExecutionView?> GetAsync(string executionId, int logsAfter, CancellationToken cancellationToken = default) =>
        _reader.GetAsync(executionId, logsAfter, cancellationToken);

    public override Task<ExecutionPage> ListAsync(string taskName, ExecutionListQuery query, CancellationToken cancellationToken = default) =>
        _reader.ListAsync(Task(taskName), query, cancellationToken);

    public override Task<CancelByIdsResult> CancelAsync(IReadOnlyList<string> executionIds, CancellationToken cancellationToken = default) =>
        _canceller.CancelByIdsAsync(executionIds, cancellationToken);

    public override Task<CancelByTaskNamesResult> CancelTasksAsync(IReadOnlyList<string> taskNames, CancellationToken cancellationToken = default) =>
        _canceller.CancelByTaskNamesAsync(taskNames, cancellationToken);

    public override Task<CancelAllResult> CancelAllAsync(CancellationToken cancellationToken = default) =>
        _canceller.CancelAllAsync(cancellationToken);

    /// <summary>Gets the host's feeds, which every client the host makes shares.</summary>
    private protected override ExecutionFeeds Feeds => _feeds;

    public override Task<PurgeReport> PurgeAsync(PurgeQuery query, CancellationToken cancellationToken = default) =>
        _purger.PurgeAsync(query, cancellationToken);

    private TaskDefinition Task(string taskName) =>
        _catalog.TryGet(taskName, out TaskDefinition? task) ? task : throw new ArgumentException($"There is no task named '{taskName}'.", nameof(taskName));
}
