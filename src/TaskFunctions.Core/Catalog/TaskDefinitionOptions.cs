namespace TaskFunctions.Catalog;

/// <summary>Settings of a task, given when it is registered.</summary>
public sealed class TaskDefinitionOptions
{
    /// <summary>Gets or sets a short description for the catalog.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// Gets or sets the timeout of one execution (default 30 seconds), counted in whole milliseconds from 1 ms to
    /// <see cref="TaskDefinition.MaxTimeout"/>. A start request may shorten it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TaskDefinition.DefaultTimeout;

    /// <summary>Gets or sets how a failed handler is retried; <see langword="null"/> (the default) for no retries.</summary>
    public TaskRetryPolicy? Retry { get; set; }

    /// <summary>
    /// Gets or sets how many executions of the task may run at once; <see langword="null"/> (the default) for no
    /// limit. A start beyond the limit is refused with 409 Conflict, unless the task sets a <see cref="Queue"/>.
    /// </summary>
    public int? ConcurrencyLimit { get; set; }

    /// <summary>
    /// Gets or sets the queue a start beyond <see cref="ConcurrencyLimit"/> waits in; <see langword="null"/> (the
    /// default) to refuse such a start with 409 Conflict. Requires a <see cref="ConcurrencyLimit"/>.
    /// </summary>
    public TaskQueuePolicy? Queue { get; set; }

    /// <summary>
    /// Gets or sets the type of the task's <c>params</c>, if it declares one; <see langword="null"/> (the default) for
    /// any JSON object. A start whose params do not deserialize to it (camelCase, as
    /// <see cref="Execution.TaskContext.GetParams{T}"/> reads them) or break one of its
    /// <see cref="System.ComponentModel.DataAnnotations.ValidationAttribute"/>s (<c>[Range]</c>, <c>[Required]</c>, …)
    /// answers 400 naming the field, before anything is scheduled.
    /// </summary>
    public Type? ParamsType { get; set; }

    /// <summary>
    /// Gets the task's cron schedules: at each occurrence the task is started with trigger <c>schedule</c> (see
    /// <see cref="TaskSchedule"/>). Configuration (<c>TaskFunctions:Schedules</c>) may add more. Names must be unique
    /// within the task.
    /// </summary>
    public IList<TaskSchedule> Schedules { get; } = new List<TaskSchedule>();
}
