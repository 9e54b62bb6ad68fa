using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Tests.Support;

/// <summary>A request for a function method, and the response its <see cref="IResult"/> writes.</summary>
public sealed class HttpExchange
{
    private HttpExchange(DefaultHttpContext context)
    {
        Context = context;
    }

    public DefaultHttpContext Context { get; }

    public HttpRequest Request => Context.Request;

    public HttpResponse Response => Context.Response;

    public static HttpExchange Create(IServiceProvider services, string method, string path, string? body = null, string? query = null)
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
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        return new HttpExchange(context);
    }

    /// <summary>Writes the result as the host would, and reads the response back.</summary>
    public async Task<HttpAnswer> ExecuteAsync(IResult result)
    {
        await result.ExecuteAsync(Context);
        Response.Body.Position = 0;
        using var reader = new StreamReader(Response.Body, Encoding.UTF8, leaveOpen: true);
        string text = await reader.ReadToEndAsync();
        JsonElement? json = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
        return new HttpAnswer(Response.StatusCode, Response.ContentType, Response.Headers, text, json);
    }
}
