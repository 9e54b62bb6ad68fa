using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskFunctions.Catalog;
using TaskFunctions.Http;
using TaskFunctions.Middleware;
using TaskFunctions.Orchestration;

namespace TaskFunctions.DependencyInjection;

/// <summary>Registers the TaskFunctions core with a host's services.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds the catalog, the middleware pipeline, the stage activity and the HTTP API.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Registers tasks and middleware.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTaskFunctions(this IServiceCollection services, Action<TaskFunctionsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        configure(new TaskFunctionsBuilder(services));

        services.AddOptions<StageRunnerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TaskCatalog(sp.GetServices<TaskDefinition>()));
        services.TryAddSingleton(sp => new MiddlewarePipeline(sp.GetServices<MiddlewareRegistration>()));
        services.TryAddSingleton<StageRunner>();
        services.TryAddSingleton<TaskApi>();
        return services;
    }
}
