using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Scheduling;

namespace TaskFunctions.DependencyInjection;

/// <summary>Registers the schedules of the tasks and what runs them.</summary>
public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="ScheduleRunner"/> with every task's schedules: those declared with the task
    /// (<see cref="TaskDefinitionOptions.Schedules"/>) and those under <see cref="SchedulerOptions.SchedulesSection"/> of
    /// <paramref name="configuration"/>, and the <see cref="SchedulerOptions"/> from <see cref="SchedulerOptions.Section"/>.
    /// Every schedule is checked when the runner is first resolved, which a hosted service does when the host starts:
    /// a schedule that is not valid stops the start with a <see cref="ScheduleConfigurationException"/> that names it.
    /// </summary>
    /// <param name="services">The services, with <c>AddTaskFunctions</c>.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTaskSchedules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section));
        services.TryAddSingleton(sp => new ScheduleRunner(
            BuildSchedules(sp.GetRequiredService<TaskCatalog>(), configuration.GetSection(SchedulerOptions.SchedulesSection)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SchedulerOptions>>().Value,
            sp.GetRequiredService<ILogger<ScheduleRunner>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScheduleCheck>());
        return services;
    }

    /// <summary>
    /// Adds the hosted service that runs the schedules in this process, for a host that registers a
    /// <see cref="TaskExecutionClient"/> (<c>AddTaskExecutionClient</c>; the local host). The Functions app runs them
    /// from a timer trigger instead.
    /// </summary>
    /// <param name="services">The services, with <see cref="AddTaskSchedules"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTaskScheduleService(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ScheduleService>());
        return services;
    }

    /// <summary>Gathers the schedules of the catalog and of configuration, and checks each against its task.</summary>
    /// <param name="catalog">The tasks.</param>
    /// <param name="section">The configuration's schedules.</param>
    /// <returns>Every schedule.</returns>
    /// <exception cref="ScheduleConfigurationException">A schedule is not valid; the message names it.</exception>
    internal static IReadOnlyList<ScheduledTask> BuildSchedules(TaskCatalog catalog, IConfigurationSection section)
    {
        List<ScheduledTask> schedules = [];
        foreach (TaskDefinition task in catalog.Tasks)
        {
            foreach (TaskSchedule? schedule in task.Schedules)
            {
                schedules.Add(new ScheduledTask(task, schedule ?? throw new ScheduleConfigurationException($"Task '{task.Name}' has a null schedule."), "code"));
            }
        }

        foreach ((string taskName, TaskSchedule schedule, string path) in ScheduleConfiguration.Read(section))
        {
            if (!catalog.TryGet(taskName, out TaskDefinition? task))
            {
                throw new ScheduleConfigurationException($"{path}: there is no task named '{taskName}' (task names: {string.Join(", ", catalog.Tasks.Select(t => t.Name))}).");
            }

            schedules.Add(new ScheduledTask(task, schedule, path));
        }

        HashSet<(string, string)> names = [];
        foreach (ScheduledTask scheduled in schedules)
        {
            string where = scheduled.Source == "code" ? $"Schedule '{scheduled.Schedule.Name}' of task '{scheduled.Task.Name}'" : scheduled.Source;
            if (!names.Add((scheduled.Task.Name, scheduled.Schedule.Name)))
            {
                throw new ScheduleConfigurationException($"{where}: task '{scheduled.Task.Name}' has two schedules named '{scheduled.Schedule.Name}' (in code and configuration together); names must be unique within a task.");
            }

            if (ParamsValidation.Check(scheduled.Task, scheduled.Schedule.Params) is { } problem)
            {
                throw new ScheduleConfigurationException($"{where}: its params do not fit the task: {problem}");
            }
        }

        return schedules;
    }

    /// <summary>Resolves the runner when the host starts, so that a schedule that is not valid stops the start.</summary>
    private sealed class ScheduleCheck : IHostedService
    {
        public ScheduleCheck(ScheduleRunner runner)
        {
            ArgumentNullException.ThrowIfNull(runner);
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
