using System.Text.Json.Serialization;

namespace TaskFunctions.Execution;

/// <summary>How an execution was started: <c>manual</c> (a person, from a front end) or <c>api</c> (another service).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriggerKind>))]
public enum TriggerKind
{
    /// <summary>Started by a person through <c>POST /tasks/{taskName}/execute/manual</c>.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>Started by a service through <c>POST /tasks/{taskName}/execute/api</c>.</summary>
    [JsonStringEnumMemberName("api")]
    Api,
}
