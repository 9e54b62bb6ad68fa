using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using TaskFunctions.Serialization;

namespace TaskFunctions.Execution;

/// <summary>
/// Values that carry from one stage of an execution to the next (before middleware → handler → after or
/// error middleware). Stages run as separate activities, so values are stored as JSON.
/// </summary>
public sealed class TaskItems
{
    private readonly Dictionary<string, JsonElement> _values;
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="TaskItems"/> class.</summary>
    /// <param name="values">The values to start from; <see langword="null"/> for none.</param>
    public TaskItems(IReadOnlyDictionary<string, JsonElement>? values = null)
    {
        _values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);
    }

    /// <summary>Gets the keys currently set.</summary>
    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _values.Keys];
            }
        }
    }

    /// <summary>Sets a value, replacing any value under the same key.</summary>
    /// <typeparam name="T">The value's type; it must serialize to JSON.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Set<T>(string key, T value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        JsonElement element = JsonSerializer.SerializeToElement(value, TaskFunctionsJson.Options);
        lock (_lock)
        {
            _values[key] = element;
        }
    }

    /// <summary>Reads a value.</summary>
    /// <typeparam name="T">The type to read the value as.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, when found.</param>
    /// <returns>Whether the key was set.</returns>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        JsonElement element;
        lock (_lock)
        {
            if (!_values.TryGetValue(key, out element))
            {
                value = default;
                return false;
            }
        }

        value = element.Deserialize<T>(TaskFunctionsJson.Options)!;
        return true;
    }

    /// <summary>Reads a value, or the default of <typeparamref name="T"/> when the key is not set.</summary>
    /// <typeparam name="T">The type to read the value as.</typeparam>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    public T? Get<T>(string key) => TryGet(key, out T? value) ? value : default;

    /// <summary>Removes a value.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Whether the key was set.</returns>
    public bool Remove(string key)
    {
        lock (_lock)
        {
            return _values.Remove(key);
        }
    }

    internal IReadOnlyDictionary<string, JsonElement> ToDictionary()
    {
        lock (_lock)
        {
            return new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal);
        }
    }
}
