using System.Text.Json.Serialization;

namespace TaskFunctions.Logs;

/// <summary>The level of an execution log entry, written as <c>debug</c>, <c>info</c>, <c>warn</c> or <c>error</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskLogLevel>))]
public enum TaskLogLevel
{
    /// <summary>Detail for debugging.</summary>
    [JsonStringEnumMemberName("debug")]
    Debug,

    /// <summary>Normal progress.</summary>
    [JsonStringEnumMemberName("info")]
    Info,

    /// <summary>Something unexpected that did not stop the task.</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,

    /// <summary>A failure.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
