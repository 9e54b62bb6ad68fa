using System.Diagnostics.CodeAnalysis;
using TaskFunctions.Client;

namespace TaskFunctions.Catalog;

/// <summary>The tasks this service can execute, by name.</summary>
public sealed class TaskCatalog
{
    private readonly Dictionary<string, TaskDefinition> _tasks;
    private readonly Dictionary<string, TaskDefinition> _byPrefix = new(StringComparer.Ordinal);

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

            // Listing relies on each task owning its execution id prefix.
            if (!_byPrefix.TryAdd(ExecutionIds.TaskPrefix(task.Name), task))
            {
                throw new ArgumentException(
                    $"The tasks '{_byPrefix[ExecutionIds.TaskPrefix(task.Name)].Name}' and '{task.Name}' share an execution id prefix; rename one.",
                    nameof(tasks));
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

    /// <summary>Finds the task an execution id belongs to, from the id's task prefix.</summary>
    /// <param name="executionId">A canonical execution id.</param>
    /// <param name="task">The task, when found.</param>
    /// <returns>Whether the id belongs to a task of this catalog.</returns>
    public bool TryGetByExecutionId(string executionId, [MaybeNullWhen(false)] out TaskDefinition task)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        int length = ExecutionIds.TaskPrefix(string.Empty).Length;
        task = null;
        return executionId.Length > length && _byPrefix.TryGetValue(executionId[..length], out task);
    }
}
