using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>One event of a stream as a client receives it, with when it arrived.</summary>
public sealed record ServerSentEvent(string Type, string? Id, string Data, string? Retry, DateTime ReceivedAt)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>
/// Reads the events route over HTTP as an <c>EventSource</c> would (the HTML standard's parsing: fields, comments,
/// blank lines that dispatch an event), with every read bounded in time.
/// </summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private readonly StreamReader _reader;

    private EventStreamClient(HttpResponseMessage response, StreamReader reader, string? answer)
    {
        Response = response;
        _reader = reader;
        Answer = answer;
    }

    public HttpResponseMessage Response { get; }

    /// <summary>Gets the body of an answer that is not an event stream (a problem), read whole.</summary>
    public string? Answer { get; }

    /// <summary>Gets how many comments (keep-alives) the stream has sent so far.</summary>
    public int Comments { get; private set; }

    /// <summary>Opens the stream of an execution; a problem answer comes back as the response, with no events.</summary>
    public static async Task<EventStreamClient> OpenAsync(HttpClient http, string executionId, string? lastEventId = null, string? query = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tasks/running/execution/{executionId}/events{query}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            string answer = await response.Content.ReadAsStringAsync();
            return new EventStreamClient(response, new StreamReader(new MemoryStream()), answer);
        }

        Stream body = await response.Content.ReadAsStreamAsync();
        return new EventStreamClient(response, new StreamReader(body, Encoding.UTF8), null);
    }

    /// <summary>The next event, or <see langword="null"/> when the server ended the stream.</summary>
    public async Task<ServerSentEvent?> ReadAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        string? type = null, id = null, retry = null;
        StringBuilder? data = null;
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Assert.Fail($"No event within {timeout.TotalSeconds:F0} s.");
                throw;
            }

            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new ServerSentEvent(type ?? "message", id, data.ToString(), retry, DateTime.UtcNow);
                }

                (type, id, retry) = (null, null, null);
                continue;
            }

            if (line[0] == ':')
            {
                Comments++;
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string field = colon < 0 ? line : line[..colon];
            string value = colon < 0 ? string.Empty : line[(colon + 1)..];
            value = value.StartsWith(' ') ? value[1..] : value;
            switch (field)
            {
                case "event":
                    type = value;
                    break;
                case "id":
                    id = value;
                    break;
                case "retry":
                    retry = value;
                    break;
                case "data":
                    data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
                    break;
            }
        }
    }

    /// <summary>Reads until the server ends the stream.</summary>
    public async Task<List<ServerSentEvent>> ReadToEndAsync(TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        List<ServerSentEvent> events = [];
        while (true)
        {
            TimeSpan left = timeout - watch.Elapsed;
            Assert.True(left > TimeSpan.Zero, $"The stream did not end within {timeout.TotalSeconds:F0} s; it sent {events.Count} events.");
            if (await ReadAsync(left) is not { } next)
            {
                break;
            }

            events.Add(next);
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
