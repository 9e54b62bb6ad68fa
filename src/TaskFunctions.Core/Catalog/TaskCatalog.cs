using System.Diagnostics.CodeAnalysis;

namespace TaskFunctions.Catalog;

/// <summary>The tasks this service can execute, by name.</summary>
public sealed class TaskCatalog
{
    private readonly Dictionary<string, TaskDefinition> _tasks;

    /// <summary>Initializes a new instance of the <see cref="TaskCatalog"/> class.</summary>
    /// <param name="tasks">The tasks; names must be unique.</param>
    public TaskCatalog(IEnumerable<TaskDefinition> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        _tasks = new(StringComparer.Ordinal);
        foreach (TaskDefinition task in tasks)
        {
            if (!_tasks.TryAdd(task.Name, task))
            {
                throw new ArgumentException($"The task '{task.Name}' is registered twice.", nameof(tasks));
            }
        }

        Tasks = [.. _tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    /// <summary>Gets every task, ordered by name.</summary>
    public IReadOnlyList<TaskDefinition> Tasks { get; }

    /// <summary>Looks a task up by name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="task">The task, when found.</param>
    /// <returns>Whether the task exists.</returns>
    public bool TryGet(string name, [MaybeNullWhen(false)] out TaskDefinition task) => _tasks.TryGetValue(name, out task);
}
