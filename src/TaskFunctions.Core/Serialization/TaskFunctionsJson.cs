using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskFunctions.Serialization;

/// <summary>
/// The JSON settings of the HTTP API: camelCase names, lower-case enum strings, nulls omitted, timestamps in UTC
/// with milliseconds at most.
/// </summary>
internal static class TaskFunctionsJson
{
    /// <summary>Gets the options used for every request and response body.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Gets options that escape every non-ASCII character, as the Durable Task data converter does by default.
    /// Sizes measured with them are an upper bound of what the engine stores.
    /// </summary>
    internal static JsonSerializerOptions StrictOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new UtcTimestampConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
