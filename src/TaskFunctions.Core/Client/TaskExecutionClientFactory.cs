using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using TaskFunctions.Catalog;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>
/// Makes a <see cref="TaskExecutionClient"/> over a given <see cref="DurableTaskClient"/>: for hosts that hand a
/// client to each call, as the Functions app's <c>[DurableClient]</c> binding does. Registered by
/// <c>AddTaskFunctions</c>. The clients it makes share the host's event feeds (see
/// <see cref="TaskExecutionClient.WatchAsync"/>): make one factory per host.
/// </summary>
public sealed class TaskExecutionClientFactory
{
    private readonly TaskCatalog _catalog;
    private readonly MiddlewarePipeline _pipeline;
    private readonly TimeProvider _clock;
    private readonly LocalCancellation _local;
    private readonly TaskExecutionClientOptions _options;
    private readonly ExecutionFeeds _feeds;
    private readonly RetentionOptions _retention;

    internal TaskExecutionClientFactory(
        TaskCatalog catalog, MiddlewarePipeline pipeline, TimeProvider clock, LocalCancellation local, TaskExecutionClientOptions options, RetentionOptions retention, ILogger? logger = null)
    {
        _catalog = catalog;
        _pipeline = pipeline;
        _clock = clock;
        _local = local;
        _options = options;
        _feeds = new ExecutionFeeds(options.EventsPollInterval, clock, logger);
        _retention = retention;
    }

    /// <summary>Makes a client over <paramref name="client"/>.</summary>
    /// <param name="client">The durable client of the host.</param>
    /// <returns>The execution client.</returns>
    public TaskExecutionClient Create(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new DefaultTaskExecutionClient(new BoundedDurableTaskClient(client, _options.StoreCallTimeout), _catalog, _pipeline, _clock, _local, _feeds, _options, _retention);
    }
}
