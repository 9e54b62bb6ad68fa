using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TaskFunctions.OpenApi;

/// <summary>
/// The routes <see cref="TaskApiContract"/> maps for the document, never served: an
/// <see cref="IEndpointRouteBuilder"/> over the private services the document is generated with.
/// </summary>
internal sealed class DescriptionRoutes : IEndpointRouteBuilder
{
    /// <summary>Initializes a new instance of the <see cref="DescriptionRoutes"/> class.</summary>
    /// <param name="services">The services of the document's generation.</param>
    public DescriptionRoutes(IServiceProvider services)
    {
        ServiceProvider = services;
    }

    /// <inheritdoc/>
    public IServiceProvider ServiceProvider { get; }

    /// <inheritdoc/>
    public ICollection<EndpointDataSource> DataSources { get; } = [];

    /// <inheritdoc/>
    public IApplicationBuilder CreateApplicationBuilder() =>
        throw new NotSupportedException("The routes of the OpenAPI document are described, not served.");
}
