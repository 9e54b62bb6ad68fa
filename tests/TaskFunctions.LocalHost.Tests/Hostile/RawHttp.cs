using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace TaskFunctions.LocalHost.Tests.Hostile;

/// <summary>
/// Sends one HTTP/1.1 request over a plain socket, byte for byte as written (HttpClient would normalise the path,
/// refuse some headers and choose the framing itself), and reads the whole answer until the server closes.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Header(string name) => Headers.TryGetValue(name, out string? value) ? value : "";

        public string BodyText => Encoding.UTF8.GetString(Body);
    }

    public static async Task<Answer> SendAsync(Uri server, string method, string target, IReadOnlyDictionary<string, string> headers, byte[]? body, bool chunked, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cts.Token);
        NetworkStream stream = client.GetStream();

        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach ((string name, string value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (body is not null)
        {
            head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n"));
        }

        head.Append("\r\n");

        // The server may answer (413) and close before it has read a large body: writing then fails, which is
        // fine as long as the answer can be read.
        Task write = WriteAsync(stream, Encoding.Latin1.GetBytes(head.ToString()), body, chunked, cts.Token);
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cts.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer was read.
        }

        try
        {
            await write;
        }
        catch (IOException)
        {
        }

        return Parse(received.ToArray());
    }

    private static async Task WriteAsync(NetworkStream stream, byte[] head, byte[]? body, bool chunked, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(head, cancellationToken);
        if (body is null)
        {
            return;
        }

        if (!chunked)
        {
            await stream.WriteAsync(body, cancellationToken);
            return;
        }

        const int ChunkSize = 16 * 1024;
        for (int offset = 0; offset < body.Length; offset += ChunkSize)
        {
            int length = Math.Min(ChunkSize, body.Length - offset);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            await stream.WriteAsync(body.AsMemory(offset, length), cancellationToken);
            await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
    }

    private static Answer Parse(byte[] raw)
    {
        int end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"No HTTP answer: '{Encoding.Latin1.GetString(raw)}'.");
        }

        string[] lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out string? earlier) ? earlier + ", " + value : value;
        }

        byte[] body = raw[(end + 4)..];
        if (headers.TryGetValue("Transfer-Encoding", out string? encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new Answer(status, headers, body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var body = new MemoryStream();
        int position = 0;
        while (position < chunked.Length)
        {
            int lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8) + position;
            int size = int.Parse(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            body.Write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return body.ToArray();
    }
}
