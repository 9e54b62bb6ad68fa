using TaskFunctions.Catalog;

namespace TaskFunctions.Http;

/// <summary>A task in the catalog, as <c>GET /tasks</c> lists it: durations in milliseconds, as the JSON API counts them.</summary>
/// <param name="Name">The task name.</param>
/// <param name="Description">What the task does.</param>
/// <param name="TimeoutMs">The timeout of one execution in milliseconds.</param>
/// <param name="Retry">How a failed handler is retried, if at all.</param>
/// <param name="ConcurrencyLimit">How many executions may run at once, if limited.</param>
/// <param name="QueueCapacity">How many starts beyond the limit may wait for their turn, if the task queues them (else they get 409).</param>
public sealed record TaskInfo(string Name, string? Description, int TimeoutMs, TaskInfo.RetryInfo? Retry, int? ConcurrencyLimit, int? QueueCapacity = null)
{
    /// <summary>Describes a registered task.</summary>
    /// <param name="task">The task.</param>
    /// <returns>Its catalog entry.</returns>
    public static TaskInfo From(TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(task);
        RetryInfo? retry = task.Retry is { } policy
            ? new RetryInfo(policy.MaxAttempts, (int)policy.FirstDelay.TotalMilliseconds, policy.BackoffCoefficient, (int)policy.MaxDelay.TotalMilliseconds)
            : null;
        return new TaskInfo(task.Name, task.Description, (int)task.Timeout.TotalMilliseconds, retry, task.ConcurrencyLimit, task.Queue?.Capacity);
    }

    /// <summary>A task's retry policy in the catalog.</summary>
    /// <param name="MaxAttempts">The most attempts, the first included.</param>
    /// <param name="FirstDelayMs">The wait before the second attempt, in milliseconds.</param>
    /// <param name="BackoffCoefficient">The factor applied to the wait after each retry.</param>
    /// <param name="MaxDelayMs">The longest wait, in milliseconds.</param>
    public sealed record RetryInfo(int MaxAttempts, int FirstDelayMs, double BackoffCoefficient, int MaxDelayMs);
}
