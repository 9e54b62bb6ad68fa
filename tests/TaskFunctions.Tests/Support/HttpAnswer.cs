using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Tests.Support;

/// <summary>The response a function's <see cref="IResult"/> wrote, read back.</summary>
public sealed record HttpAnswer(int StatusCode, string? ContentType, IHeaderDictionary Headers, string Text, JsonElement? Json)
{
    public JsonElement Body => Json ?? throw new InvalidOperationException("The response has no body.");

    /// <summary>Writes the result as the host would, and reads the response back.</summary>
    public static async Task<HttpAnswer> OfAsync(HttpExchange exchange, IResult result)
    {
        await exchange.ExecuteAsync(result);
        HttpResponse response = exchange.Response;
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body, Encoding.UTF8, leaveOpen: true);
        string text = await reader.ReadToEndAsync();
        JsonElement? json = text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone();
        return new HttpAnswer(response.StatusCode, response.ContentType, response.Headers, text, json);
    }

    public void AssertProblem(int statusCode)
    {
        Assert.Equal(statusCode, StatusCode);
        Assert.StartsWith("application/problem+json", ContentType, StringComparison.Ordinal);
        Assert.Equal(statusCode, Body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(Body.GetProperty("detail").GetString()));
    }

    public string[] Strings(string property) =>
        [.. Body.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}
