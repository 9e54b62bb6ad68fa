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

    /// <summary>The execution was cancelled while the attempt ran; the engine discards this result.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
