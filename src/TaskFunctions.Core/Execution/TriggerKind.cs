using System.Text.Json.Serialization;

namespace TaskFunctions.Execution;

/// <summary>
/// How an execution was started: <c>manual</c> (a person, from a front end), <c>api</c> (another service),
/// <c>replay</c> (a new run of an earlier execution) or <c>schedule</c> (one of the task's cron schedules).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriggerKind>))]
public enum TriggerKind
{
    /// <summary>Started by a person through <c>POST /tasks/{taskName}/execute/manual</c>.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>Started by a service through <c>POST /tasks/{taskName}/execute/api</c>.</summary>
    [JsonStringEnumMemberName("api")]
    Api,

    /// <summary>Started through <c>POST /tasks/running/execution/{executionId}/replay</c>: the task and params of an earlier execution.</summary>
    [JsonStringEnumMemberName("replay")]
    Replay,

    /// <summary>Started by one of the task's schedules, at one of its occurrences.</summary>
    [JsonStringEnumMemberName("schedule")]
    Schedule,
}
