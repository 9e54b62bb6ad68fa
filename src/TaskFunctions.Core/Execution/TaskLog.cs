using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using TaskFunctions.Logs;
using TaskFunctions.Serialization;

namespace TaskFunctions.Execution;

/// <summary>
/// The log of an execution as a stage sees it: the entries recorded before the stage started, followed by the
/// entries the stage writes. Writing is thread-safe.
/// </summary>
public sealed class TaskLog : IReadOnlyList<LogEntry>
{
    private readonly IReadOnlyList<LogEntry> _earlier;
    private readonly List<LogEntry> _written = [];
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _redacted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="TaskLog"/> class: an empty log on the system clock.</summary>
    public TaskLog()
        : this([], 0, TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskLog"/> class.</summary>
    /// <param name="earlier">The entries recorded before this attempt, oldest first.</param>
    /// <param name="omittedCount">How many older entries are not included in <paramref name="earlier"/>.</param>
    /// <param name="clock">The clock that stamps new entries.</param>
    public TaskLog(IReadOnlyList<LogEntry> earlier, int omittedCount, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentOutOfRangeException.ThrowIfNegative(omittedCount);
        ArgumentNullException.ThrowIfNull(clock);
        _earlier = earlier;
        OmittedCount = omittedCount;
        _clock = clock;
    }

    /// <summary>Raised after an entry has been written, on the writing thread.</summary>
    internal event Action<LogEntry>? EntryWritten;

    /// <summary>
    /// Gets how many older entries of this execution are not held here: 0, as a stage is handed the whole log,
    /// unless the archived part of a very long log could not be read when the attempt started.
    /// </summary>
    public int OmittedCount { get; }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _earlier.Count + _written.Count;
            }
        }
    }

    /// <inheritdoc/>
    public LogEntry this[int index]
    {
        get
        {
            lock (_lock)
            {
                return index < _earlier.Count ? _earlier[index] : _written[index - _earlier.Count];
            }
        }
    }

    /// <summary>Writes a <c>debug</c> entry.</summary>
    /// <param name="message">The message.</param>
    /// <param name="data">Optional data, serialized as JSON.</param>
    public void Debug(string message, object? data = null) => Write(TaskLogLevel.Debug, message, data);

    /// <summary>Writes an <c>info</c> entry.</summary>
    /// <param name="message">The message.</param>
    /// <param name="data">Optional data, serialized as JSON.</param>
    public void Info(string message, object? data = null) => Write(TaskLogLevel.Info, message, data);

    /// <summary>Writes a <c>warn</c> entry.</summary>
    /// <param name="message">The message.</param>
    /// <param name="data">Optional data, serialized as JSON.</param>
    public void Warn(string message, object? data = null) => Write(TaskLogLevel.Warn, message, data);

    /// <summary>Writes an <c>error</c> entry.</summary>
    /// <param name="message">The message.</param>
    /// <param name="data">Optional data, serialized as JSON.</param>
    public void Error(string message, object? data = null) => Write(TaskLogLevel.Error, message, data);

    /// <summary>Writes an entry.</summary>
    /// <param name="level">The level.</param>
    /// <param name="message">The message.</param>
    /// <param name="data">Optional data, serialized as JSON; fields named by <see cref="RedactFields"/> are masked.</param>
    public void Write(TaskLogLevel level, string message, object? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Append(new LogEntry(_clock.GetUtcNow().UtcDateTime, level, message, Redact(ToElement(data))));
    }

    /// <summary>
    /// Masks secrets in what this log stores from now on: the value of every property of an entry's <c>data</c>
    /// whose name is one of <paramref name="fieldNames"/> (any letter case, at any depth) is stored as
    /// <see cref="RedactedValue"/>. Messages are stored as written: keep secrets out of them. A before middleware
    /// that calls this masks what the handler and the later middleware write.
    /// </summary>
    /// <param name="fieldNames">The property names to mask, such as <c>token</c> or <c>password</c>.</param>
    public void RedactFields(params string[] fieldNames)
    {
        ArgumentNullException.ThrowIfNull(fieldNames);
        lock (_lock)
        {
            foreach (string name in fieldNames)
            {
                ArgumentException.ThrowIfNullOrEmpty(name, nameof(fieldNames));
                _redacted.Add(name);
            }
        }
    }

    /// <summary>The value a masked field is stored with.</summary>
    public const string RedactedValue = "***";

    /// <summary>Appends an entry as it is, with its own timestamp (the lifecycle entries of the worker).</summary>
    /// <param name="entry">The entry.</param>
    internal void Append(LogEntry entry)
    {
        lock (_lock)
        {
            _written.Add(entry);
        }

        EntryWritten?.Invoke(entry);
    }

    /// <inheritdoc/>
    public IEnumerator<LogEntry> GetEnumerator()
    {
        LogEntry[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _earlier, .. _written];
        }

        return ((IEnumerable<LogEntry>)snapshot).GetEnumerator();
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Gets the entries written during this stage, in order.</summary>
    internal IReadOnlyList<LogEntry> Written => WrittenSince(0);

    /// <summary>Gets how many entries were written during this stage.</summary>
    internal int WrittenCount
    {
        get
        {
            lock (_lock)
            {
                return _written.Count;
            }
        }
    }

    /// <summary>Gets the entries written during this stage from a position on.</summary>
    /// <param name="from">The position of the first entry to return.</param>
    /// <returns>The entries, in order.</returns>
    internal IReadOnlyList<LogEntry> WrittenSince(int from)
    {
        lock (_lock)
        {
            return _written.GetRange(from, _written.Count - from);
        }
    }

    private JsonElement? Redact(JsonElement? data)
    {
        string[] names;
        lock (_lock)
        {
            names = [.. _redacted];
        }

        if (data is not { } element || names.Length == 0)
        {
            return data;
        }

        JsonNode? node = JsonNode.Parse(element.GetRawText());
        return Mask(node, new HashSet<string>(names, StringComparer.OrdinalIgnoreCase))
            ? JsonSerializer.SerializeToElement(node, TaskFunctionsJson.Options)
            : element;
    }

    /// <summary>Masks the named properties of a JSON value in place; tells whether it changed anything.</summary>
    private static bool Mask(JsonNode? node, HashSet<string> names)
    {
        bool changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (string key in obj.Select(p => p.Key).ToList())
                {
                    if (names.Contains(key))
                    {
                        obj[key] = RedactedValue;
                        changed = true;
                    }
                    else
                    {
                        changed |= Mask(obj[key], names);
                    }
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    changed |= Mask(item, names);
                }

                break;
        }

        return changed;
    }

    private static JsonElement? ToElement(object? data)
    {
        if (data is null)
        {
            return null;
        }

        if (data is JsonElement element)
        {
            return element;
        }

        try
        {
            return JsonSerializer.SerializeToElement(data, data.GetType(), TaskFunctionsJson.Options);
        }
        catch (Exception ex)
        {
            // A log call must never fail the task: record why the data could not be kept.
            return JsonSerializer.SerializeToElement(
                new { unserializable = data.GetType().FullName, reason = ex.Message },
                TaskFunctionsJson.Options);
        }
    }
}
