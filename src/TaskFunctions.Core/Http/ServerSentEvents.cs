using System.Globalization;
using System.Text;

namespace TaskFunctions.Http;

/// <summary>
/// The text of a Server-Sent Events stream (<c>text/event-stream</c>, as the HTML standard defines it): events with a
/// type, an optional id and data, comments, and the reconnection time. Each block ends with a blank line.
/// </summary>
internal static class ServerSentEvents
{
    /// <summary>The media type of an event stream.</summary>
    public const string ContentType = "text/event-stream";

    private static readonly string[] LineBreaks = ["\r\n", "\r", "\n"];

    /// <summary>One event.</summary>
    /// <param name="type">The event type (<c>event:</c>), one line.</param>
    /// <param name="id">The event id (<c>id:</c>) a client sends back as <c>Last-Event-ID</c>; none keeps the previous one.</param>
    /// <param name="data">The data; each line becomes a <c>data:</c> line, which the client joins with line feeds.</param>
    /// <param name="retry">The reconnection time to set (<c>retry:</c>), if any.</param>
    /// <returns>The event's text.</returns>
    public static string Event(string type, int? id, string data, TimeSpan? retry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(data);
        if (type.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An event type is one line.", nameof(type));
        }

        var text = new StringBuilder();
        if (retry is { } reconnect)
        {
            text.Append(CultureInfo.InvariantCulture, $"retry: {(long)reconnect.TotalMilliseconds}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"event: {type}\n");
        if (id is int value)
        {
            text.Append(CultureInfo.InvariantCulture, $"id: {value}\n");
        }

        foreach (string line in data.Split(LineBreaks, StringSplitOptions.None))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    /// <summary>A comment, which clients ignore: a heartbeat that keeps proxies from closing an idle stream.</summary>
    /// <param name="text">The comment, one line.</param>
    /// <returns>The comment's text.</returns>
    public static string Comment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.AsSpan().IndexOfAny('\r', '\n') >= 0
            ? throw new ArgumentException("A comment is one line.", nameof(text))
            : $": {text}\n\n";
    }

    /// <summary>
    /// Reads the <c>Last-Event-ID</c> a client sends when it reconnects (or the same value as a query parameter, for
    /// clients that cannot set headers): the seq of the last log entry it has.
    /// </summary>
    /// <param name="header">The header's values.</param>
    /// <param name="query">The query parameter's values.</param>
    /// <param name="seq">The seq, 0 when neither is given.</param>
    /// <returns>Whether the values, if any, are one seq (a whole number of 0 or more).</returns>
    public static bool TryReadLastEventId(IReadOnlyList<string?> header, IReadOnlyList<string?> query, out int seq)
    {
        IReadOnlyList<string?> values = header.Count > 0 ? header : query;
        seq = 0;
        return values.Count == 0
            || (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out seq));
    }
}
