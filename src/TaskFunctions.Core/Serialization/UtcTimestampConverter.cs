using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskFunctions.Serialization;

/// <summary>
/// Writes timestamps as the specification shows them: UTC, ISO-8601, milliseconds at most
/// (<c>2025-11-25T11:05:00Z</c>, <c>2025-11-25T11:05:00.123Z</c>). Reads any ISO-8601 time.
/// </summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTime>
{
    /// <inheritdoc/>
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        DateTime utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        string format = utc.Ticks % TimeSpan.TicksPerSecond < TimeSpan.TicksPerMillisecond ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        writer.WriteStringValue(utc.ToString(format, CultureInfo.InvariantCulture));
    }
}
