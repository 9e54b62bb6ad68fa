using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using TaskFunctions.Client;
using TaskFunctions.Http;
using TaskFunctions.Logs;

namespace TaskFunctions.OpenApi;

/// <summary>
/// What the generator cannot read from the routes' signatures: the document's title, how callers authenticate, the
/// answers every route can give (401, <c>Retry-After</c>), which properties the JSON answers may leave out, and the
/// events of the event stream.
/// </summary>
internal static class OpenApiTransformers
{
    /// <summary>The security scheme of the local host's API key.</summary>
    public const string ApiKeyScheme = "apiKey";

    /// <summary>The security scheme of the Functions app's function keys.</summary>
    public const string FunctionKeyScheme = "functionKey";

    private static readonly Dictionary<string, string> ProblemDescriptions = new(StringComparer.Ordinal)
    {
        ["400"] = "The request is not valid; the problem's detail says what is wrong.",
        ["401"] = "No valid key: the local host's x-api-key (when it has one) or the Functions app's function key.",
        ["404"] = "There is no such task or execution (an id that cannot be one included); the problem's detail says which.",
        ["413"] = "The body is larger than 64 KiB.",
        ["429"] = "Too many starts from this client in the last minute; retry after Retry-After seconds.",
        ["503"] = "The task store did not answer in time or failed; retry after Retry-After seconds.",
    };

    /// <summary>Title, security schemes, and the answers every operation may give.</summary>
    /// <param name="document">The document.</param>
    /// <param name="context">The generation's context.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>A task that completes when the document is changed.</returns>
    public static Task DescribeDocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TaskFunctions",
            Version = "1",
            Description = "Starts named tasks, reports their status and logs (also as Server-Sent Events), and cancels them. "
                + "Served by the Azure Functions app and by the local host alike. Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "x-api-key",
                Description = "The local host's key (setting Security:ApiKey), required when it has one.",
            },
            [FunctionKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "x-functions-key",
                Description = "A function or host key of the Azure Functions app (also accepted as the query parameter code).",
            },
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(FunctionKeyScheme, document)] = [] },
            new OpenApiSecurityRequirement(),
        ];

        IEnumerable<OpenApiOperation> operations = document.Paths?.Values
            .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []) ?? [];
        foreach (OpenApiOperation operation in operations)
        {
            operation.Responses ??= [];
            if (!operation.Responses.ContainsKey("401"))
            {
                operation.Responses["401"] = new OpenApiResponse
                {
                    Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                    },
                };
            }

            foreach ((string code, IOpenApiResponse response) in operation.Responses)
            {
                if (response is OpenApiResponse concrete && int.TryParse(code, out int status)
                    && ProblemDescriptions.TryGetValue(code, out string? description)
                    && (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrases.GetReasonPhrase(status)))
                {
                    concrete.Description = description;
                }

                if (code is "429" or "503")
                {
                    AddHeader(operation, code, "Retry-After", "How many seconds to wait before trying again.");
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Required are exactly the properties the API always writes: it leaves out a property that is null (and
    /// <c>omittedLogCount</c> when it is 0), and writes every other one, default or not.
    /// </summary>
    /// <param name="schema">A schema.</param>
    /// <param name="context">The type it describes.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>A task that completes when the schema is changed.</returns>
    public static Task RequireWhatIsAlwaysWrittenAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == typeof(ProblemDetails))
        {
            // Every problem of the API, and of the local host's own answers, names its status and says what is wrong.
            schema.Required = new HashSet<string>(["title", "status", "detail"], StringComparer.Ordinal);
        }
        else if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
        {
            HashSet<string> required = new(StringComparer.Ordinal);
            foreach (JsonPropertyInfo property in context.JsonTypeInfo.Properties)
            {
                bool mayBeOmitted = property.ShouldSerialize is not null
                    || Nullable.GetUnderlyingType(property.PropertyType) is not null
                    || (!property.PropertyType.IsValueType && property.IsGetNullable)
                    || property.PropertyType == typeof(System.Text.Json.JsonElement);
                if (!mayBeOmitted && property.Get is not null && properties.ContainsKey(property.Name))
                {
                    required.Add(property.Name);
                }
            }

            schema.Required = required;
        }

        return Task.CompletedTask;
    }

    /// <summary>The events of the event stream: their names, ids and data, with the data's schemas.</summary>
    /// <param name="operation">The events route.</param>
    /// <param name="context">The generation's context.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>A task that completes when the operation is changed.</returns>
    public static async Task DescribeEventStreamAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        OpenApiDocument document = context.Document ?? throw new InvalidOperationException("The operation has no document.");
        var events = new JsonObject();
        foreach ((string name, Type type) in new[]
        {
            (ExecutionEventStream.ExecutionEvent, typeof(ExecutionView)),
            (ExecutionEventStream.LogEvent, typeof(LogEntry)),
            (ExecutionEventStream.StatusEvent, typeof(ExecutionStatusChanged)),
        })
        {
            string id = type.Name;
            if (document.Components?.Schemas?.ContainsKey(id) != true)
            {
                document.AddComponent(id, await context.GetOrCreateSchemaAsync(type, null, cancellationToken).ConfigureAwait(false));
            }

            events[name] = new JsonObject { ["$ref"] = "#/components/schemas/" + id };
        }

        OpenApiResponse ok = (OpenApiResponse)operation.Responses!["200"];
        ok.Description = "The event stream (text/event-stream), sent as it happens; retry: 2000 and a ': keep-alive' comment every 15 s of silence.";
        ok.Content![ServerSentEvents.ContentType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Events, each 'event:', 'id:' (log events; the first event too) and one 'data:' line of JSON. "
                    + "execution: the execution with the entries after Last-Event-ID, as GET /tasks/running/execution/{executionId}?after=n answers, id the seq of its last entry (Last-Event-ID if none); "
                    + "log: one new entry with its seq, id its seq, one per entry in order; "
                    + "status: { status, finishedAt } when the status changes, no id. After a final status the server ends the stream.",
            },
        };
        ok.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
        ok.Extensions["x-events"] = new JsonNodeExtension(events);
    }

    /// <summary>Describes a header of a response.</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="code">The response's status code.</param>
    /// <param name="name">The header.</param>
    /// <param name="description">What it carries.</param>
    public static void AddHeader(OpenApiOperation operation, string code, string name, string description)
    {
        if (operation.Responses?.GetValueOrDefault(code) is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }
}
