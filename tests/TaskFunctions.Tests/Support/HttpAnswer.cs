using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Tests.Support;

public sealed record HttpAnswer(int StatusCode, string? ContentType, IHeaderDictionary Headers, string Text, JsonElement? Json)
{
    public JsonElement Body => Json ?? throw new InvalidOperationException("The response has no body.");

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
