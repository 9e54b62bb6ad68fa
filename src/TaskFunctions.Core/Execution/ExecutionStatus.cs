using System.Text.Json.Serialization;

namespace TaskFunctions.Execution;

/// <summary>The status of an execution as clients see it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionStatus>))]
public enum ExecutionStatus
{
    /// <summary>The execution is queued or running.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The execution succeeded.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The execution failed or timed out.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The execution was cancelled.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
