using System.Collections.Concurrent;
using System.Text.Json;
using TaskFunctions.Serialization;

namespace TaskFunctions.Telemetry;

/// <summary>
/// Tag values of the project's enums, written as the API writes them (<c>manual</c>, <c>handler</c>,
/// <c>completed</c>), so that a trace, a metric and a status read use the same words.
/// </summary>
internal static class TelemetryValues
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    /// <summary>Gets the API's name of an enum value.</summary>
    /// <typeparam name="TEnum">An enum the API serializes as a string.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>Its name, such as <c>manual</c>.</returns>
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names.GetOrAdd(value, static v => JsonSerializer.Serialize(v, v.GetType(), TaskFunctionsJson.Options).Trim('"'));
}
