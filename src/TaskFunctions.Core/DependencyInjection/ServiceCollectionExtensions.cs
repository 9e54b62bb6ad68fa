using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Http;
using TaskFunctions.Internal;
using TaskFunctions.Middleware;
using TaskFunctions.OpenApi;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.DependencyInjection;

/// <summary>Registers the TaskFunctions core with a host's services.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds the catalog, the middleware pipeline, the attempt activity, the HTTP API and its OpenAPI document.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Registers tasks and middleware.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTaskFunctions(this IServiceCollection services, Action<TaskFunctionsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        configure(new TaskFunctionsBuilder(services));

        services.AddOptions<WorkerOptions>();
        services.AddOptions<TaskExecutionClientOptions>();
        services.AddOptions<RetentionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var catalog = new TaskCatalog(sp.GetServices<TaskDefinition>());
            ExecutionIds.EnsureDistinctPrefixes(catalog.Tasks.Select(t => t.Name));
            return catalog;
        });
        services.TryAddSingleton(sp => new MiddlewarePipeline(sp.GetServices<MiddlewareRegistration>()));
        services.TryAddSingleton<ExecutionHostLog>();
        services.TryAddSingleton<LocalCancellation>();
        services.TryAddSingleton<LiveLogBudget>();
        services.TryAddSingleton<CancellationWatcher>();
        services.TryAddSingleton<AttemptDeliveries>();
        services.TryAddSingleton(sp => new AttemptRunner(
            sp.GetRequiredService<TaskCatalog>(),
            sp.GetRequiredService<MiddlewarePipeline>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<LiveLogBudget>(),
            sp.GetRequiredService<CancellationWatcher>(),
            sp.GetRequiredService<AttemptDeliveries>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<WorkerOptions>>(),
            sp.GetRequiredService<ILogger<AttemptRunner>>(),
            sp.GetRequiredService<ExecutionHostLog>()));
        services.TryAddSingleton(sp => new TaskHubActivities(sp.GetRequiredService<AttemptRunner>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkerShutdown>());
        services.TryAddSingleton(sp => new TaskExecutionClientFactory(
            sp.GetRequiredService<TaskCatalog>(),
            sp.GetRequiredService<MiddlewarePipeline>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<LocalCancellation>(),
            sp.GetRequiredService<IOptions<TaskExecutionClientOptions>>().Value,
            sp.GetRequiredService<IOptions<RetentionOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger<TaskExecutionClientFactory>()));
        services.TryAddSingleton<TaskApi>();
        services.TryAddSingleton<TaskApiDocument>();
        return services;
    }

    /// <summary>
    /// Registers a <see cref="TaskExecutionClient"/> over the <see cref="DurableTaskClient"/> the host registers
    /// (the local host does; in the Functions app, use <see cref="TaskExecutionClientFactory"/> with the client a
    /// trigger is given).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTaskExecutionClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => sp.GetRequiredService<TaskExecutionClientFactory>().Create(sp.GetRequiredService<DurableTaskClient>()));
        return services;
    }
}
