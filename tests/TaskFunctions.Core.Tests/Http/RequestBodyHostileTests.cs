using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Http;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>Bodies that are JSON by the letter, or nearly, but that the API refuses with 400 rather than fail later.</summary>
public sealed class RequestBodyHostileTests : IDisposable
{
    private readonly ServiceProvider _services = HttpExchange.ResultServices();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D })]
    [InlineData(new byte[] { 0x7B, 0x22, 0xFE, 0x22, 0x3A, 0x31, 0x7D })]
    public async Task ReadAsync_InvalidUtf8InAString_Is400(byte[] body) =>
        Assert.Equal("The body is not valid JSON: it is not UTF-8 text.", await ProblemAsync(body, 400));

    [Theory]
    [InlineData("""{"params":{},"params":{}}""", "'params'")]
    [InlineData("""{"params":{"steps":1,"steps":2}}""", "'params.steps'")]
    [InlineData("""{"executionIds":[{"a":1,"a":1}]}""", "'executionIds[0].a'")]
    public async Task ReadAsync_APropertyNamedTwice_Is400NamingIt(string body, string path) =>
        Assert.Equal($"The body names {path} more than once; give each property once.", await ProblemAsync(Encoding.UTF8.GetBytes(body), 400));

    [Theory]
    [InlineData("""{"executionIds":["\ud800"]}""", "'executionIds[0]' is not valid text")]
    [InlineData("""{"params":{"note":"a\udc00b"}}""", "'params.note' is not valid text")]
    [InlineData("""{"params":{"\ud800":1}}""", "A property name in 'params' is not valid text")]
    [InlineData("\"\\ud800\"", "'the body' is not valid text")]
    public async Task ReadAsync_AnUnpairedSurrogateEscape_Is400NamingWhere(string body, string expected) =>
        Assert.StartsWith(expected, await ProblemAsync(Encoding.UTF8.GetBytes(body), 400), StringComparison.Ordinal);

    [Fact]
    public async Task ReadAsync_APairedSurrogateEscape_IsText()
    {
        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(Exchange(Encoding.UTF8.GetBytes("""{"a":"\ud83d\ude00"}""")).Request);

        Assert.False(parsed.Failed);
        Assert.Equal("\U0001F600", parsed.Value!.Value.GetProperty("a").GetString());
    }

    [Fact]
    public async Task ReadAsync_AChunkedBodyOverTheLimit_Is413WithoutALength()
    {
        HttpExchange exchange = Exchange(Encoding.UTF8.GetBytes("{\"a\":\"" + new string('x', RequestBody.MaxBytes) + "\"}"));
        exchange.Request.ContentLength = null;

        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(exchange.Request);

        Assert.True(parsed.Failed);
        await exchange.ExecuteAsync(parsed.Problem!);
        Assert.Equal("The body is larger than 65536 bytes.", exchange.Problem(StatusCodes.Status413PayloadTooLarge));
    }

    [Fact]
    public async Task ReadAsync_NestingBeyondTheLimit_Is400()
    {
        string deep = new string('[', RequestBody.MaxDepth + 1) + new string(']', RequestBody.MaxDepth + 1);

        Assert.StartsWith("The body is not valid JSON", await ProblemAsync(Encoding.UTF8.GetBytes(deep), 400), StringComparison.Ordinal);
    }

    private async Task<string> ProblemAsync(byte[] body, int status)
    {
        HttpExchange exchange = Exchange(body);
        Parsed<JsonElement?> parsed = await RequestBody.ReadAsync(exchange.Request);
        Assert.True(parsed.Failed);
        await exchange.ExecuteAsync(parsed.Problem!);
        return exchange.Problem(status);
    }

    private HttpExchange Exchange(byte[] body) => HttpExchange.Create(_services, "POST", "/tasks/t/execute/manual", body);
}
