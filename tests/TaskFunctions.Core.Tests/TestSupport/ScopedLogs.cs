using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>A logger provider that keeps every message of one category with the scope properties it was written in.</summary>
internal sealed class ScopedLogs(string category) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<Message> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName == category);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record Message(LogLevel Level, int EventId, string Text, IReadOnlyDictionary<string, object?> Scope);

    private sealed class Logger(ScopedLogs owner, bool kept) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => kept;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!kept)
            {
                return;
            }

            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope(
                (value, properties) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (KeyValuePair<string, object?> pair in pairs)
                        {
                            properties[pair.Key] = pair.Value;
                        }
                    }
                },
                scope);
            owner.Messages.Enqueue(new Message(logLevel, eventId.Id, formatter(state, exception), scope));
        }
    }
}
