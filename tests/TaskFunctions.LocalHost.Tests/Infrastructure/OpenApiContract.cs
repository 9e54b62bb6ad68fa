using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The host's own OpenAPI document (<c>GET /openapi.json</c>) as a contract: a real answer must be listed for its
/// operation and status, with its media type, and its body must match the schema there (JSON Schema 2020-12, checked
/// with JsonSchema.Net, formats included). A mismatch fails the test with what did not match.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private OpenApiContract(JsonObject document)
    {
        Document = document;
    }

    public JsonObject Document { get; }

    public static async Task<OpenApiContract> LoadAsync(HttpClient http)
    {
        (HttpResponseMessage response, JsonNode? body) = await http.SendAsync(HttpMethod.Get, "/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new OpenApiContract(body!.AsObject());
    }

    /// <summary>The operations the document describes, as <c>METHOD /path</c>.</summary>
    public IEnumerable<string> Operations() =>
        Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {path.Key}"));

    /// <summary>Sends a request and checks its answer against the operation of <paramref name="template"/>.</summary>
    public async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(
        HttpClient http, HttpMethod method, string template, string path, string? json = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        HttpResponseMessage response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        AssertAnswer(method, template, response, text);
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Checks that an answer is one the operation lists, with the headers it names, and that its body matches.</summary>
    public void AssertAnswer(HttpMethod method, string template, HttpResponseMessage response, string body)
    {
        JsonObject operation = Operation(method, template);
        string status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string what = $"{method} {template} → {status}";
        JsonObject described = operation["responses"]?[status]?.AsObject()
            ?? throw Fail($"{what}: the document lists no such answer for the operation ({string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))}).");
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        JsonObject content = described["content"]?[mediaType ?? string.Empty]?.AsObject()
            ?? throw Fail($"{what}: answered as {mediaType}, which the document does not list for it.");
        if (mediaType is "application/json" or "application/problem+json")
        {
            AssertMatches(content["schema"]!, body, what);
        }
    }

    /// <summary>Checks a body against a schema of the document's components.</summary>
    public void AssertMatchesComponent(string component, string body, string what) =>
        AssertMatches(new JsonObject { ["$ref"] = "#/components/schemas/" + component }, body, what);

    /// <summary>Checks a body against a schema of the document (its references resolved in the document's components).</summary>
    public void AssertMatches(JsonNode schema, string body, string what)
    {
        var wrapper = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Document["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        JsonSchema compiled = JsonSchema.FromText(
            wrapper.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://taskfunctions.test/{Guid.NewGuid():N}"));
        using JsonDocument instance = JsonDocument.Parse(body);
        EvaluationResults results = compiled.Evaluate(instance.RootElement, Evaluation);
        if (!results.IsValid)
        {
            IEnumerable<string> errors = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"));
            throw Fail($"{what}: the body does not match its schema.\n{string.Join("\n", errors)}\nBody: {body}");
        }
    }

    private JsonObject Operation(HttpMethod method, string template) =>
        Document["paths"]?[template]?[method.Method.ToLowerInvariant()]?.AsObject()
        ?? throw Fail($"{method} {template} is not in the document.");

    private static Xunit.Sdk.XunitException Fail(string message) => new(message);
}
