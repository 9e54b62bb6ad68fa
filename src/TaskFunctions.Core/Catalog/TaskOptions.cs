namespace TaskFunctions.Catalog;

/// <summary>Settings of a task, given when it is registered.</summary>
public sealed class TaskOptions
{
    /// <summary>Gets or sets a short description for the catalog.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets the timeout of one execution in milliseconds (default 30000).</summary>
    public int TimeoutMs { get; set; } = TaskDefinition.DefaultTimeoutMs;
}
