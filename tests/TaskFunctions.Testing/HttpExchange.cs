using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace TaskFunctions.Testing;

/// <summary>One request and its response through <see cref="DefaultHttpContext"/>, with an <see cref="IResult"/> executed for real.</summary>
public sealed class HttpExchange
{
    private HttpExchange(DefaultHttpContext context)
    {
        Context = context;
    }

    public DefaultHttpContext Context { get; }

    public HttpRequest Request => Context.Request;

    public HttpResponse Response => Context.Response;

    public int StatusCode => Context.Response.StatusCode;

    public string? ContentType => Context.Response.ContentType;

    public IHeaderDictionary Headers => Context.Response.Headers;

    /// <summary>The services an <see cref="IResult"/> needs to write itself: logging and problem details.</summary>
    public static ServiceProvider ResultServices() => new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    public static HttpExchange Create(IServiceProvider services, string method, string path, string? body = null, string? query = null) =>
        Create(services, method, path, body is null ? null : Encoding.UTF8.GetBytes(body), query);

    public static HttpExchange Create(IServiceProvider services, string method, string path, byte[]? body, string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        return new HttpExchange(context);
    }

    /// <summary>Writes a result into the response, as the host would.</summary>
    public async Task<HttpExchange> ExecuteAsync(IResult result)
    {
        await result.ExecuteAsync(Context);
        return this;
    }

    public JsonElement Json()
    {
        Stream body = Context.Response.Body;
        body.Position = 0;
        using JsonDocument document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Checks that the response is a problem with the status, and returns its detail.</summary>
    public string Problem(int statusCode)
    {
        Assert.Equal(statusCode, StatusCode);
        Assert.StartsWith("application/problem+json", ContentType, StringComparison.Ordinal);
        JsonElement problem = Json();
        Assert.Equal(statusCode, problem.GetProperty("status").GetInt32());
        string? detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail!;
    }
}
