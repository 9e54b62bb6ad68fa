using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;

namespace TaskFunctions.Samples;

/// <summary>Registers the sample tasks and middleware.</summary>
public static class TaskFunctionsBuilderExtensions
{
    /// <summary>
    /// Adds <c>user-space-sync</c> and <c>feishu-sync</c> (one execution at a time each, up to 10 more waiting their turn; <c>feishu-sync</c> retries
    /// a failed attempt twice), both declaring <see cref="SimulatedSyncParams"/> as their params, and the duration logging middleware.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static TaskFunctionsBuilder AddSampleTasks(this TaskFunctionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddTask<UserSpaceSyncTask, SimulatedSyncParams>(UserSpaceSyncTask.Name, o =>
            {
                o.Description = "Sample: simulates syncing user spaces (params: durationMs 0-600000, steps 1-1000, fail, failAttempts 0-10, note).";
                o.ConcurrencyLimit = 1;
                o.Queue = new TaskQueuePolicy(capacity: 10);
            })
            .AddTask<FeishuSyncTask, SimulatedSyncParams>(FeishuSyncTask.Name, o =>
            {
                o.Description = "Sample: simulates syncing with Feishu, retrying failed attempts (params: durationMs 0-600000, steps 1-1000, fail, failAttempts 0-10, note).";
                o.ConcurrencyLimit = 1;
                o.Queue = new TaskQueuePolicy(capacity: 10);
                o.Retry = new TaskRetryPolicy(maxAttempts: 3, firstDelay: TimeSpan.FromMilliseconds(500), backoffCoefficient: 2);
            })
            .UseMiddleware<DurationLoggingMiddleware>();
    }
}
