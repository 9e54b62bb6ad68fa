using System.Text.Json;
using TaskFunctions.Serialization;

namespace TaskFunctions.Logs;

/// <summary>
/// An execution's log as the orchestrator holds it: the newest entries stay within a character budget (the
/// custom status limit); when they outgrow it, the oldest are taken out as a chunk to archive, so nothing is lost.
/// Deterministic, as orchestrator code must be.
/// </summary>
internal sealed class BoundedLog
{
    private readonly int _budget;
    private readonly List<LogEntry> _tail = [];
    private readonly List<int> _sizes = [];
    private int _tailChars;

    /// <summary>Initializes a new instance of the <see cref="BoundedLog"/> class.</summary>
    /// <param name="budgetChars">The most characters of JSON the kept entries may take.</param>
    public BoundedLog(int budgetChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetChars, 256);
        _budget = budgetChars;
    }

    /// <summary>Gets the kept entries, oldest first.</summary>
    public IReadOnlyList<LogEntry> Tail => _tail;

    /// <summary>Gets how many entries were taken out as chunks.</summary>
    public int ArchivedCount { get; private set; }

    /// <summary>Gets how many chunks were taken out.</summary>
    public int ChunkCount { get; private set; }

    /// <summary>Gets how many entries were recorded in all.</summary>
    public int TotalCount => ArchivedCount + _tail.Count;

    /// <summary>Measures an entry as the engine will store it (every non-ASCII character escaped), plus a separator.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The size in characters.</returns>
    public static int Measure(LogEntry entry) => JsonSerializer.Serialize(entry, TaskFunctionsJson.StrictOptions).Length + 1;

    /// <summary>Adds an entry at the end.</summary>
    /// <param name="entry">The entry.</param>
    public void Append(LogEntry entry)
    {
        int size = Measure(entry);
        _tail.Add(entry);
        _sizes.Add(size);
        _tailChars += size;
    }

    /// <summary>
    /// When the kept entries exceed the budget, takes the oldest out until they fill at most half of it, so that
    /// the next chunk is not needed at once.
    /// </summary>
    /// <returns>The entries to archive, oldest first, or <see langword="null"/> when within budget.</returns>
    public IReadOnlyList<LogEntry>? TakeOverflow()
    {
        if (_tailChars <= _budget)
        {
            return null;
        }

        int count = 0;
        int removedChars = 0;
        while (count < _tail.Count && _tailChars - removedChars > _budget / 2)
        {
            removedChars += _sizes[count];
            count++;
        }

        List<LogEntry> chunk = _tail.GetRange(0, count);
        _tail.RemoveRange(0, count);
        _sizes.RemoveRange(0, count);
        _tailChars -= removedChars;
        ArchivedCount += count;
        ChunkCount++;
        return chunk;
    }
}
