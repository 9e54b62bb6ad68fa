using TaskFunctions.Client;
using TaskFunctions.DependencyInjection;
using TaskFunctions.LocalHost.Api;
using TaskFunctions.LocalHost.Engine;
using TaskFunctions.LocalHost.Retention;
using TaskFunctions.LocalHost.Security;
using TaskFunctions.LocalHost.Telemetry;
using TaskFunctions.Samples;
using TaskFunctions.Scheduling;
using TaskFunctions.Worker;

namespace TaskFunctions.LocalHost;

/// <summary>Builds the local host: the HTTP API on Kestrel over the Durable Task engine.</summary>
public static class LocalHostApplication
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--backend"] = "Engine:Backend",
        ["--connection-string"] = "Engine:ConnectionString",
        ["--task-hub"] = "Engine:TaskHub",
        ["--api-key"] = "Security:ApiKey",
    };

    /// <summary>Builds the application.</summary>
    /// <param name="args">Command-line arguments: <c>--backend memory|azurestorage</c>, <c>--urls</c>, <c>--api-key</c>, and any configuration key.</param>
    /// <param name="configure">Changes the builder before the app is built (tests use it for settings and extra tasks).</param>
    /// <returns>The application, not yet started.</returns>
    /// <exception cref="SecurityConfigurationException">The host would listen beyond loopback without an API key, or a <c>Security</c> setting is not valid.</exception>
    /// <exception cref="TelemetryConfigurationException">A <c>Telemetry</c> setting is not valid.</exception>
    /// <exception cref="ScheduleConfigurationException">A schedule or a <c>TaskFunctions:Scheduler</c> setting is not valid.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        builder.Services.Configure<HostOptions>(o => o.ServicesStopConcurrently = true);
        builder.Services.AddProblemDetails(StatusCodeProblems.Configure);
        builder.Services.AddTaskFunctions(tasks => tasks.AddSampleTasks());
        builder.Services.Configure<WorkerOptions>(builder.Configuration.GetSection(WorkerOptions.Section));
        builder.Services.Configure<TaskExecutionClientOptions>(builder.Configuration.GetSection(TaskExecutionClientOptions.Section));
        builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
        builder.Services.AddTaskExecutionClient();
        builder.Services.AddHostedService<RetentionService>();
        builder.Services.AddDurableTaskEngine(builder.Configuration);
        builder.Services.AddTaskSchedules(builder.Configuration).AddTaskScheduleService();
        configure?.Invoke(builder);
        builder.AddLocalHostSecurity();
        builder.AddLocalHostTelemetry();

        WebApplication app = builder.Build();
        _ = app.Services.GetRequiredService<ScheduleRunner>(); // checks every schedule now: a bad one stops the build
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLocalHostSecurity();
        app.MapTaskApi();
        app.MapDashboard();
        return app;
    }
}
