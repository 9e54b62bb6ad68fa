using TaskFunctions.DependencyInjection;

namespace TaskFunctions.Samples;

/// <summary>Registers the sample tasks and middleware.</summary>
public static class TaskFunctionsBuilderExtensions
{
    /// <summary>Adds <c>user-space-sync</c>, <c>feishu-sync</c> and the duration logging middleware.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static TaskFunctionsBuilder AddSampleTasks(this TaskFunctionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddTask<UserSpaceSyncTask>(UserSpaceSyncTask.Name, o => o.Description = "Sample: simulates syncing user spaces (params: durationMs, steps, fail).")
            .AddTask<FeishuSyncTask>(FeishuSyncTask.Name, o => o.Description = "Sample: simulates syncing with Feishu (params: durationMs, steps, fail).")
            .UseMiddleware<DurationLoggingMiddleware>();
    }
}
