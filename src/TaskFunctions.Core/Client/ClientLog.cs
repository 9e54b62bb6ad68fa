using Microsoft.Extensions.Logging;

namespace TaskFunctions.Client;

/// <summary>What the client side writes to the host's log. Event ids are stable (3xx: watching executions).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Execution {ExecutionId}: its event feed could not read it and stopped; its streams end, and clients that reconnect get a new feed.")]
    public static partial void FeedBroken(ILogger logger, string executionId, Exception exception);
}
