using System.Text.Json.Serialization;

namespace TaskFunctions.Catalog;

/// <summary>A named task that clients can execute.</summary>
public sealed class TaskDefinition
{
    /// <summary>The timeout of a task that does not set one: 30 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest timeout a task may set (the most milliseconds an <see cref="int"/> holds, about 24.8 days).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The highest concurrency limit a task may set (each slot is an instance a start may try).</summary>
    public const int MaxConcurrencyLimit = 16;

    internal TaskDefinition(string name, Type handlerType, TaskDefinitionOptions options)
    {
        Name = name;
        HandlerType = handlerType;
        Description = options.Description;
        Timeout = TimeSpan.FromMilliseconds(Math.Floor(options.Timeout.TotalMilliseconds));
        Retry = options.Retry;
        ConcurrencyLimit = options.ConcurrencyLimit;
        Queue = options.Queue;
        ParamsType = options.ParamsType;
        Schedules = [.. options.Schedules];
    }

    /// <summary>Gets the task's name, as used in routes.</summary>
    public string Name { get; }

    /// <summary>Gets a short description for the catalog.</summary>
    public string? Description { get; }

    /// <summary>Gets the timeout of one execution, in whole milliseconds.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets how a failed handler is retried, if at all.</summary>
    public TaskRetryPolicy? Retry { get; }

    /// <summary>Gets how many executions may run at once, if limited.</summary>
    public int? ConcurrencyLimit { get; }

    /// <summary>Gets the queue a start beyond the concurrency limit waits in, if the task queues rather than refuses.</summary>
    public TaskQueuePolicy? Queue { get; }

    /// <summary>Gets the declared type of the task's <c>params</c>, checked before a start is scheduled, if any.</summary>
    [JsonIgnore]
    public Type? ParamsType { get; }

    /// <summary>Gets the schedules declared with the task (configuration may add more; the scheduler has them all).</summary>
    [JsonIgnore]
    public IReadOnlyList<TaskSchedule> Schedules { get; }

    /// <summary>Gets the handler type, resolved from dependency injection.</summary>
    [JsonIgnore]
    public Type HandlerType { get; }
}
