namespace TaskFunctions.Dashboard;

/// <summary>
/// The key the page asks its user for and sends on every API call: the header the host checks and what the page
/// calls it. The local host checks <see cref="ApiKey"/>, the Functions app <see cref="FunctionKey"/>.
/// </summary>
/// <param name="Header">The request header that carries the key.</param>
/// <param name="Label">What the page calls the key.</param>
public sealed record DashboardKey(string Header, string Label)
{
    /// <summary>Gets the local host's API key, sent as <c>x-api-key</c>.</summary>
    public static DashboardKey ApiKey { get; } = new("x-api-key", "API key");

    /// <summary>Gets an Azure Functions function key, sent as <c>x-functions-key</c>.</summary>
    public static DashboardKey FunctionKey { get; } = new("x-functions-key", "Function key");
}
