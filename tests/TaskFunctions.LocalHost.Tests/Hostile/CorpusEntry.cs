using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskFunctions.LocalHost.Tests.Hostile;

/// <summary>
/// One request of the hostile-input corpus, read from a file in <c>Hostile/Corpus</c>: what to send (method, raw
/// path, headers, a body as text, base64 or a generator) and what must come back.
/// </summary>
public sealed class CorpusEntry
{
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Gets the file name, which names the case in the test output.</summary>
    [JsonIgnore]
    public string File { get; private set; } = "";

    public string Description { get; set; } = "";

    public string Method { get; set; } = "GET";

    /// <summary>Gets or sets the request target exactly as written on the request line (percent-encoding kept).</summary>
    public string Path { get; set; } = "/";

    /// <summary>Gets or sets the headers; <c>Content-Length</c> is added unless the body is sent chunked.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    public string? Body { get; set; }

    public string? BodyBase64 { get; set; }

    public BodyGenerator? BodyGenerator { get; set; }

    /// <summary>Gets or sets a value indicating whether the body is sent with <c>Transfer-Encoding: chunked</c>.</summary>
    public bool Chunked { get; set; }

    public Expectation Expect { get; set; } = new();

    public static CorpusEntry Load(string path)
    {
        CorpusEntry entry = JsonSerializer.Deserialize<CorpusEntry>(System.IO.File.ReadAllText(path), FileOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        entry.File = System.IO.Path.GetFileName(path);
        return entry;
    }

    public byte[]? BodyBytes()
    {
        if (BodyGenerator is { } generator)
        {
            var text = new StringBuilder(generator.Prefix);
            for (int i = 0; i < generator.Times; i++)
            {
                text.Append(generator.Repeat);
            }

            return Encoding.UTF8.GetBytes(text.Append(generator.Suffix).ToString());
        }

        return BodyBase64 is not null ? Convert.FromBase64String(BodyBase64)
            : Body is not null ? Encoding.UTF8.GetBytes(Body)
            : null;
    }

    public override string ToString() => File;
}

/// <summary>A body made of <see cref="Prefix"/>, <see cref="Repeat"/> <see cref="Times"/> times, and <see cref="Suffix"/>.</summary>
public sealed class BodyGenerator
{
    public string Prefix { get; set; } = "";

    public string Repeat { get; set; } = "";

    public int Times { get; set; }

    public string Suffix { get; set; } = "";
}

/// <summary>What a corpus request must answer.</summary>
public sealed class Expectation
{
    /// <summary>Gets or sets the exact status, when one is expected.</summary>
    public int? Status { get; set; }

    /// <summary>Gets or sets the status class ("4xx", "2xx") when any status of it is right.</summary>
    public string? StatusClass { get; set; }

    /// <summary>Gets or sets a substring the problem's <c>detail</c> must contain.</summary>
    public string? Detail { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the answer is a problem detail (default: for every 4xx). Kestrel
    /// refuses some requests (a malformed request line or header) before the application sees them, with an empty body.
    /// </summary>
    public bool? Problem { get; set; }

    /// <summary>Gets or sets a value indicating whether the request starts an execution (it must answer 202 with its id).</summary>
    public bool Starts { get; set; }
}
