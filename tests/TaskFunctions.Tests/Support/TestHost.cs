using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Samples;
using TaskFunctions.Worker;

namespace TaskFunctions.Tests.Support;

/// <summary>The services of the Functions app (as Program.cs registers them), plus what ASP.NET results need.</summary>
public static class TestHost
{
    public static ServiceProvider CreateServices(Action<WorkerOptions>? worker = null, IDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProblemDetails();
        services.AddTaskFunctions(tasks => tasks.AddSampleTasks());
        services.AddTaskSchedules(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        if (worker is not null)
        {
            services.Configure(worker);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static T Create<T>(IServiceProvider services) => ActivatorUtilities.CreateInstance<T>(services);
}
