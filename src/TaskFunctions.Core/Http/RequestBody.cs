using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Http;

/// <summary>Reads and checks JSON request bodies. Every failure becomes a problem that says what is wrong.</summary>
internal static class RequestBody
{
    /// <summary>The largest body the API accepts, however it is sent (with a length or chunked).</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The deepest nesting of objects and arrays a body may have.</summary>
    public const int MaxDepth = 32;

    /// <summary>Reads the body as a JSON document.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The root element (<see langword="null"/> for an empty body), or a problem.</returns>
    public static async Task<Parsed<JsonElement?>> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return Parsed<JsonElement?>.Fail(ApiProblems.TooLarge(TooLargeDetail));
        }

        var buffer = new ArrayBufferWriter<byte>();
        Memory<byte> chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.WrittenCount + read > MaxBytes)
            {
                return Parsed<JsonElement?>.Fail(ApiProblems.TooLarge(TooLargeDetail));
            }

            buffer.Write(chunk.Span[..read]);
        }

        // A UTF-8 byte order mark is allowed before JSON text (RFC 8259).
        ReadOnlyMemory<byte> json = buffer.WrittenMemory;
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (json.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Parsed<JsonElement?>.Ok(null);
        }

        // The parser does not check the bytes inside strings: invalid UTF-8 would otherwise reach the task hub or
        // fail later, when a string is read.
        if (!Utf8.IsValid(json.Span))
        {
            return Parsed<JsonElement?>.Fail(ApiProblems.BadRequest("The body is not valid JSON: it is not UTF-8 text."));
        }

        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return Parsed<JsonElement?>.Fail(ApiProblems.BadRequest($"The body is not valid JSON: {ex.Message}"));
        }

        string? problem = FindProblem(root, "");
        return problem is null ? Parsed<JsonElement?>.Ok(root) : Parsed<JsonElement?>.Fail(ApiProblems.BadRequest(problem));
    }

    /// <summary>
    /// Finds what JSON allows but the API refuses: a name given twice in one object (which value counts would
    /// depend on the reader), and an escaped UTF-16 surrogate without its pair (no string can hold it).
    /// </summary>
    /// <param name="element">The element to check, with everything inside it.</param>
    /// <param name="path">Its path from the root ("" for the root, <c>params.steps</c>, <c>executionIds[0]</c>).</param>
    /// <returns>What is wrong, or <see langword="null"/>.</returns>
    private static string? FindProblem(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string> names = new(StringComparer.Ordinal);
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (!TryRead(() => property.Name, out string? name))
                    {
                        return $"A property name in '{(path.Length == 0 ? "the body" : path)}' is not valid text: it holds an unpaired UTF-16 surrogate.";
                    }

                    string child = path.Length == 0 ? name : $"{path}.{name}";
                    if (!names.Add(name))
                    {
                        return $"The body names '{child}' more than once; give each property once.";
                    }

                    if (FindProblem(property.Value, child) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (FindProblem(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]")) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.String:
                return TryRead(element.GetString, out _) ? null
                    : $"'{(path.Length == 0 ? "the body" : path)}' is not valid text: it holds an unpaired UTF-16 surrogate.";
            default:
                return null;
        }
    }

    private static bool TryRead(Func<string?> read, out string value)
    {
        try
        {
            value = read() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    /// <summary>Requires the root to be a JSON object (or absent, when <paramref name="optional"/>).</summary>
    /// <param name="root">The root element.</param>
    /// <param name="optional">Whether an empty body is accepted.</param>
    /// <returns>The object, <see langword="null"/> for an accepted empty body, or a problem.</returns>
    public static Parsed<JsonElement?> RequireObject(JsonElement? root, bool optional)
    {
        if (root is null)
        {
            return optional ? Parsed<JsonElement?>.Ok(null) : Parsed<JsonElement?>.Fail(ApiProblems.BadRequest("The body must be a JSON object."));
        }

        return root.Value.ValueKind == JsonValueKind.Object
            ? Parsed<JsonElement?>.Ok(root)
            : Parsed<JsonElement?>.Fail(ApiProblems.BadRequest($"The body must be a JSON object, not {Describe(root.Value.ValueKind)}."));
    }

    /// <summary>Reads a required, non-empty array of distinct non-empty strings, preserving order.</summary>
    /// <param name="body">The body object.</param>
    /// <param name="property">The property name.</param>
    /// <param name="maxCount">The most items allowed.</param>
    /// <param name="allowEmpty">Whether an empty array is accepted.</param>
    /// <returns>The strings, or a problem.</returns>
    public static Parsed<IReadOnlyList<string>> StringArray(JsonElement body, string property, int maxCount, bool allowEmpty = false)
    {
        if (!body.TryGetProperty(property, out JsonElement array))
        {
            return Parsed<IReadOnlyList<string>>.Fail(ApiProblems.BadRequest($"The body must have a '{property}' array."));
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            return Parsed<IReadOnlyList<string>>.Fail(ApiProblems.BadRequest($"'{property}' must be an array of strings, not {Describe(array.ValueKind)}."));
        }

        int length = array.GetArrayLength();
        if (length == 0 && !allowEmpty)
        {
            return Parsed<IReadOnlyList<string>>.Fail(ApiProblems.BadRequest($"'{property}' must not be empty."));
        }

        if (length > maxCount)
        {
            return Parsed<IReadOnlyList<string>>.Fail(ApiProblems.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"'{property}' holds {length} items; at most {maxCount} are accepted per request.")));
        }

        List<string> values = new(length);
        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                string got = item.ValueKind == JsonValueKind.String ? "an empty or blank one" : Describe(item.ValueKind);
                return Parsed<IReadOnlyList<string>>.Fail(ApiProblems.BadRequest(
                    string.Create(CultureInfo.InvariantCulture, $"'{property}[{index}]' must be a non-empty string, not {got}.")));
            }

            values.Add(item.GetString()!);
            index++;
        }

        return Parsed<IReadOnlyList<string>>.Ok([.. values.Distinct(StringComparer.Ordinal)]);
    }

    private const string TooLargeDetail = "The body is larger than 65536 bytes.";

    /// <summary>Names a JSON kind for an error message.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>"a string", "a number" and so on.</returns>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
