using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using TaskFunctions.Http;
using TaskFunctions.OpenApi;

namespace TaskFunctions.Functions;

/// <summary>The HTTP function that serves the API's OpenAPI document, the same the local host serves.</summary>
public sealed class ApiDocumentFunctions
{
    private readonly TaskApiDocument _document;

    /// <summary>Initializes a new instance of the <see cref="ApiDocumentFunctions"/> class.</summary>
    /// <param name="document">The OpenAPI document of the core.</param>
    public ApiDocumentFunctions(TaskApiDocument document)
    {
        _document = document;
    }

    /// <summary><c>GET openapi.json</c>: the OpenAPI 3.1 document of the API.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The document.</returns>
    [Function(FunctionNames.OpenApiDocument)]
    public Task<IResult> OpenApiDocumentAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = TaskApiRoutes.OpenApiDocument)] HttpRequest request) =>
        _document.ServeAsync();
}
