using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>A logger provider that keeps every message the host logs, at every level.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<Message> Messages { get; } = new();

    public bool Any(int eventId) => Messages.Any(m => m.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Message(string Category, LogLevel Level, int EventId, string Text, Exception? Exception);

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue(new Message(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
