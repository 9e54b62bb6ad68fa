using System.Text.Json.Serialization;

namespace TaskFunctions.Protocol;

/// <summary>How one attempt of an execution ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptOutcome>))]
public enum AttemptOutcome
{
    /// <summary>The handler and the after middleware succeeded: the execution is completed.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>The handler failed and the task's retry policy allows another attempt.</summary>
    [JsonStringEnumMemberName("retry")]
    Retry,

    /// <summary>The execution failed (an error, or its deadline); the error middleware has run.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>
    /// The host stopped before the attempt finished: the orchestrator runs the attempt again at once, on whichever
    /// host takes it, instead of waiting for a lock to expire.
    /// </summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,

    /// <summary>
    /// The execution was cancelled while the attempt ran: its instance is being terminated. The orchestrator
    /// decides nothing more and waits for the termination (which may reach it after this result).
    /// </summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
