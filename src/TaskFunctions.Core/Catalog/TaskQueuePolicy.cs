using System.Globalization;

namespace TaskFunctions.Catalog;

/// <summary>
/// What a task with a concurrency limit does with a start beyond the limit: instead of refusing it (409), the
/// execution is accepted at once (202 with its id), reads <c>running</c>, waits in a first-in, first-out queue of at
/// most <see cref="Capacity"/> executions, and starts when a slot frees. Its timeout counts from its start, not from
/// the request; a cancel takes it out of the queue; a start that finds the queue full is refused (409).
/// </summary>
public sealed class TaskQueuePolicy
{
    /// <summary>The most executions a task's queue may hold.</summary>
    public const int MaxCapacity = 100;

    /// <summary>Initializes a new instance of the <see cref="TaskQueuePolicy"/> class.</summary>
    /// <param name="capacity">The most executions that may wait at once (1 to <see cref="MaxCapacity"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is out of range.</exception>
    public TaskQueuePolicy(int capacity)
    {
        if (capacity is < 1 or > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, string.Create(
                CultureInfo.InvariantCulture,
                $"A queue holds from 1 to {MaxCapacity} executions."));
        }

        Capacity = capacity;
    }

    /// <summary>Gets the most executions that may wait at once.</summary>
    public int Capacity { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"queue of {Capacity}");
}
