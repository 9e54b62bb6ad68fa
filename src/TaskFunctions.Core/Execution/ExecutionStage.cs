using System.Text.Json.Serialization;

namespace TaskFunctions.Execution;

/// <summary>A stage of an execution. Each stage that has work to do runs as one activity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecutionStage>))]
public enum ExecutionStage
{
    /// <summary>The before middleware, run ahead of the handler.</summary>
    [JsonStringEnumMemberName("before")]
    Before,

    /// <summary>The task's handler.</summary>
    [JsonStringEnumMemberName("handler")]
    Handler,

    /// <summary>The after middleware, run once the handler succeeded.</summary>
    [JsonStringEnumMemberName("after")]
    After,

    /// <summary>The error middleware, run when the execution failed.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
