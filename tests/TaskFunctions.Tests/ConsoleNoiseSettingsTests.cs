using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace TaskFunctions.Tests;

/// <summary>
/// A console a person can read: the Functions host (host.json) and the worker (appsettings.json) keep the Azure SDK's
/// per-request logging and ASP.NET Core's per-request lines below Information, and keep the service's own logs.
/// </summary>
public sealed class ConsoleNoiseSettingsTests
{
    public static TheoryData<string, string> Settings => new()
    {
        { "host.json", "logging" },
        { "appsettings.json", "Logging" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public void LogLevels_SilenceStorageRequestsAndPerRequestFrameworkLines(string file, string section)
    {
        using ILoggerFactory factory = Factory(file, section);

        // What the idle host printed hundreds of times a second, and what every HTTP call printed.
        Assert.False(factory.CreateLogger("Azure.Core").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Azure.Storage.Queues").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Microsoft.AspNetCore.Http.Result.JsonResult").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Azure.Core").IsEnabled(LogLevel.Warning));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void LogLevels_KeepTheServicesOwnInformation(string file, string section)
    {
        using ILoggerFactory factory = Factory(file, section);

        Assert.True(factory.CreateLogger("TaskFunctions.Worker.AttemptRunner").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Function.RunTaskAttempt.User").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public void HostJson_AnswersTheDistributedTracingNote_WithTheCurrentVersion()
    {
        IConfigurationSection tracing = Configuration("host.json").GetSection("extensions:durableTask:tracing");

        Assert.Equal("True", tracing["distributedTracingEnabled"], ignoreCase: true);
        Assert.Equal("V2", tracing["version"]);
    }

    private static IConfigurationRoot Configuration(string file) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "FunctionsApp", file), optional: false)
        .Build();

    private static ILoggerFactory Factory(string file, string section) =>
        LoggerFactory.Create(b => b.AddConfiguration(Configuration(file).GetSection(section)).AddProvider(new NullProvider()));

    /// <summary>A provider whose loggers take everything, so that only the configured filter rules decide.</summary>
    private sealed class NullProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new TakesEverything();

        public void Dispose()
        {
        }

        private sealed class TakesEverything : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}
