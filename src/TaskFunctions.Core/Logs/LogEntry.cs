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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Data = null);
