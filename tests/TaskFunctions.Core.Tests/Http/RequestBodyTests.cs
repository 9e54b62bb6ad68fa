using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Http;

namespace TaskFunctions.Core.Tests.Http;

public sealed class RequestBodyTests : IDisposable
{
    private readonly ServiceProvider _services = HttpExchange.ResultServices();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n\t ")]
    public async Task ReadAsync_EmptyBody_IsNull(string body)
    {
        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(Exchange(body).Request);

        Assert.False(parsed.Failed);
        Assert.Null(parsed.Value);
    }

    [Fact]
    public async Task ReadAsync_NoBodyAtAll_IsNull()
    {
        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(HttpExchange.Create(_services, "POST", "/x", (byte[]?)null).Request);

        Assert.False(parsed.Failed);
        Assert.Null(parsed.Value);
    }

    [Fact]
    public async Task ReadAsync_ValidJson_IsTheRoot()
    {
        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(Exchange("""{"params":{"a":[1,2]}}""").Request);

        Assert.False(parsed.Failed);
        Assert.Equal(2, parsed.Value!.Value.GetProperty("params").GetProperty("a")[1].GetInt32());
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"a\":}")]
    [InlineData("not json")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{'a':1}")]
    public async Task ReadAsync_MalformedJson_Is400(string body)
    {
        HttpExchange exchange = Exchange(body);

        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(exchange.Request);

        Assert.True(parsed.Failed);
        await exchange.ExecuteAsync(parsed.Problem!);
        Assert.StartsWith("The body is not valid JSON", exchange.Problem(StatusCodes.Status400BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TooDeep_Is400()
    {
        string deep = string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40));
        HttpExchange exchange = Exchange(deep);

        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(exchange.Request);

        await exchange.ExecuteAsync(parsed.Problem!);
        Assert.Contains("not valid JSON", exchange.Problem(StatusCodes.Status400BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverTheLimit_Is413WithoutReading()
    {
        HttpExchange exchange = Exchange("{}");
        exchange.Request.ContentLength = RequestBody.MaxBytes + 1;

        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(exchange.Request);

        Assert.Equal(0, exchange.Request.Body.Position);
        await exchange.ExecuteAsync(parsed.Problem!);
        Assert.Contains("65536 bytes", exchange.Problem(StatusCodes.Status413PayloadTooLarge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredBodyOverTheLimit_Is413()
    {
        string big = "{\"a\":\"" + new string('x', RequestBody.MaxBytes) + "\"}";
        HttpExchange exchange = Exchange(big);
        exchange.Request.ContentLength = null;

        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(exchange.Request);

        await exchange.ExecuteAsync(parsed.Problem!);
        exchange.Problem(StatusCodes.Status413PayloadTooLarge);
    }

    [Fact]
    public async Task ReadAsync_BodyExactlyAtTheLimit_IsRead()
    {
        string body = "{\"a\":\"" + new string('x', RequestBody.MaxBytes - 8) + "\"}";
        Assert.Equal(RequestBody.MaxBytes, Encoding.UTF8.GetByteCount(body));

        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(Exchange(body).Request);

        Assert.False(parsed.Failed);
    }

    [Fact]
    public void RequireObject_AcceptsObjectsAndOptionalEmptiness()
    {
        Assert.False(RequestBody.RequireObject(Requests.Json("{}"), optional: false).Failed);
        Parsed<JsonElement?> empty = RequestBody.RequireObject(null, optional: true);
        Assert.False(empty.Failed);
        Assert.Null(empty.Value);
    }

    [Theory]
    [InlineData(null, "The body must be a JSON object.")]
    [InlineData("[]", "The body must be a JSON object, not an array.")]
    [InlineData("\"text\"", "The body must be a JSON object, not a string.")]
    [InlineData("3", "The body must be a JSON object, not a number.")]
    [InlineData("null", "The body must be a JSON object, not null.")]
    public async Task RequireObject_RejectsOtherRoots(string? json, string detail)
    {
        Parsed<JsonElement?> parsed = RequestBody.RequireObject(json is null ? null : Requests.Json(json), optional: false);

        Assert.True(parsed.Failed);
        Assert.Equal(detail, (await Exchange("").ExecuteAsync(parsed.Problem!)).Problem(StatusCodes.Status400BadRequest));
    }

    [Fact]
    public void StringArray_KeepsOrderAndDropsDuplicates()
    {
        Parsed<IReadOnlyList<string>> parsed = RequestBody.StringArray(Requests.Json("""{"ids":["b","a","b","c"]}"""), "ids", 10);

        Assert.False(parsed.Failed);
        Assert.Equal(["b", "a", "c"], parsed.Value);
    }

    [Theory]
    [InlineData("""{}""", "The body must have a 'ids' array.")]
    [InlineData("""{"ids":"a"}""", "'ids' must be an array of strings, not a string.")]
    [InlineData("""{"ids":{"a":1}}""", "'ids' must be an array of strings, not an object.")]
    [InlineData("""{"ids":[]}""", "'ids' must not be empty.")]
    [InlineData("""{"ids":["a",1]}""", "'ids[1]' must be a non-empty string, not a number.")]
    [InlineData("""{"ids":["a",""]}""", "'ids[1]' must be a non-empty string, not an empty or blank one.")]
    [InlineData("""{"ids":["  "]}""", "'ids[0]' must be a non-empty string, not an empty or blank one.")]
    [InlineData("""{"ids":[null]}""", "'ids[0]' must be a non-empty string, not null.")]
    [InlineData("""{"ids":["a","b","c","d"]}""", "'ids' holds 4 items; at most 3 are accepted per request.")]
    public async Task StringArray_RejectsBadInput(string body, string detail)
    {
        Parsed<IReadOnlyList<string>> parsed = RequestBody.StringArray(Requests.Json(body), "ids", 3);

        Assert.True(parsed.Failed);
        Assert.Equal(detail, (await Exchange("").ExecuteAsync(parsed.Problem!)).Problem(StatusCodes.Status400BadRequest));
    }

    [Theory]
    [InlineData(JsonValueKind.Object, "an object")]
    [InlineData(JsonValueKind.Array, "an array")]
    [InlineData(JsonValueKind.String, "a string")]
    [InlineData(JsonValueKind.Number, "a number")]
    [InlineData(JsonValueKind.True, "a boolean")]
    [InlineData(JsonValueKind.False, "a boolean")]
    [InlineData(JsonValueKind.Null, "null")]
    [InlineData(JsonValueKind.Undefined, "nothing")]
    public void Describe_NamesEachKind(JsonValueKind kind, string expected)
    {
        Assert.Equal(expected, RequestBody.Describe(kind));
    }

    private HttpExchange Exchange(string body) => HttpExchange.Create(_services, "POST", "/tasks/t/execute/manual", body);
}
