using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskFunctions.Logs;

/// <summary>One line of an execution's log.</summary>
/// <param name="Timestamp">When the line was written (UTC).</param>
/// <param name="Level">The level of the line.</param>
/// <param name="Message">The message.</param>
/// <param name="Data">Optional structured data.</param>
public sealed record LogEntry(
    DateTime Timestamp,
    TaskLogLevel Level,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data = null)
{
    /// <summary>
    /// Gets the entry's place in its execution's log, 1 for the first, as the status API serves it (a poller asks
    /// for the entries after the last one it has); <see langword="null"/> where the position is not known, as in
    /// what the task hub stores and what an attempt writes.
    /// </summary>
    [JsonPropertyOrder(-1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Seq { get; init; }
}
