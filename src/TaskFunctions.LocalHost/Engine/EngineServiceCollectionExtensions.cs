using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Options;
using TaskFunctions.Worker;

namespace TaskFunctions.LocalHost.Engine;

/// <summary>Registers the Durable Task engine of the local host: storage backend, gRPC sidecar, worker and client.</summary>
internal static class EngineServiceCollectionExtensions
{
    public static IServiceCollection AddDurableTaskEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>()
            .Bind(configuration.GetSection(EngineOptions.Section))
            .Validate(o => o.TaskHub.Length is >= 3 and <= 45 && o.TaskHub.All(char.IsAsciiLetterOrDigit), "Engine:TaskHub must be 3-45 letters and digits.")
            .Validate(o => o.Concurrency > 0, "Engine:Concurrency must be positive.")
            .Validate(o => o.WorkItemLockTimeout >= TimeSpan.FromSeconds(3), "Engine:WorkItemLockTimeout must be 3 seconds or more.")
            .Validate(o => o.ControlQueueLockTimeout >= TimeSpan.FromSeconds(10), "Engine:ControlQueueLockTimeout must be 10 seconds or more.")
            .Validate(o => o.PartitionLeaseTimeout >= TimeSpan.FromSeconds(6), "Engine:PartitionLeaseTimeout must be 6 seconds or more.")
            .ValidateOnStart();

        services.AddSingleton(CreateBackend);
        services.AddSingleton(sp => sp.GetRequiredService<Backend>().Service);
        services.AddSingleton(sp => sp.GetRequiredService<Backend>().Client);
        services.AddSingleton<DurableTaskSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableTaskSidecar>());
        services.AddHostedService<EngineDrain>();

        services.AddDurableTaskWorker(builder =>
        {
            builder.AddTasks(registry => registry.AddTaskFunctionsTasks());
            builder.UseGrpc(_ => { });
        });
        services.AddOptions<Microsoft.DurableTask.Worker.Grpc.GrpcDurableTaskWorkerOptions>(Options.DefaultName)
            .Configure<DurableTaskSidecar>((o, sidecar) =>
            {
                o.Address = sidecar.Address.ToString();

                // The worker treats a work-item stream without a message for 2 minutes as a half-open connection to a
                // remote backend, reconnects and warns; a remote backend sends health pings to prevent that. The
                // sidecar runs in this process and sends none: an idle host would reconnect and warn every 2 minutes.
                o.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });

        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc(_ => { });
            builder.RegisterDirectly();
        });
        services.AddOptions<Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClientOptions>(Options.DefaultName)
            .Configure<DurableTaskSidecar>((o, sidecar) => o.Address = sidecar.Address.ToString());

        return services;
    }

    private static Backend CreateBackend(IServiceProvider services)
    {
        EngineOptions options = services.GetRequiredService<IOptions<EngineOptions>>().Value;
        ILoggerFactory loggerFactory = services.GetRequiredService<ILoggerFactory>();
        switch (options.Backend)
        {
            case EngineBackend.Memory:
                var memory = new InMemoryBackend(new InMemoryOrchestrationService(loggerFactory), options.Concurrency);
                return new Backend(memory, memory);

            case EngineBackend.AzureStorage:
                var azureStorage = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
                {
                    TaskHubName = options.TaskHub,
                    StorageAccountClientProvider = new StorageAccountClientProvider(options.ConnectionString),
                    MaxQueuePollingInterval = options.MaxQueuePollingInterval,
                    MaxConcurrentTaskActivityWorkItems = options.Concurrency,
                    MaxConcurrentTaskOrchestrationWorkItems = options.Concurrency,
                    WorkItemQueueVisibilityTimeout = options.WorkItemLockTimeout,
                    ControlQueueVisibilityTimeout = options.ControlQueueLockTimeout,
                    LeaseInterval = options.PartitionLeaseTimeout,
                    LeaseRenewInterval = options.PartitionLeaseTimeout / 3,
                    LeaseAcquireInterval = options.PartitionLeaseTimeout / 3,
                    ThrowExceptionOnInvalidDedupeStatus = true,
                    LoggerFactory = loggerFactory,
                });
                // The concrete provider stays the client: the sidecar checks it for query and purge support.
                var renewing = new AzureStorageBackend(
                    azureStorage, options.WorkItemLockTimeout, services.GetRequiredService<AttemptDeliveries>(), services.GetRequiredService<ILogger<AzureStorageBackend>>());
                return new Backend(renewing, azureStorage);

            default:
                throw new OptionsValidationException(EngineOptions.Section, typeof(EngineOptions), [$"Unknown backend '{options.Backend}'."]);
        }
    }

    /// <summary>The orchestration service the sidecar dispatches from, and the client it answers queries with.</summary>
    private sealed record Backend(OrchestrationServiceDecorator Service, IOrchestrationServiceClient Client);
}
