using System.Net;
using System.Text.Json.Nodes;

namespace TaskFunctions.LocalHost.Tests.Security;

/// <summary>Checks shared by the security tests.</summary>
internal static class SecurityAssert
{
    public static void IsProblem(HttpStatusCode status, HttpResponseMessage response, JsonNode? body)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, body?["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body?["detail"]?.GetValue<string>()), body?.ToJsonString());
    }

    public static void HasNoCorsHeaders(HttpResponseMessage response) =>
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));

    public static HttpRequestMessage Preflight(string path, string origin, string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        return request;
    }
}
