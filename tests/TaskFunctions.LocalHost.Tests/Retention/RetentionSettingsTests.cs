using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskFunctions.Client;

namespace TaskFunctions.LocalHost.Tests.Retention;

/// <summary>The local host reads its retention settings from configuration and refuses to start with one out of range.</summary>
public sealed class RetentionSettingsTests
{
    [Fact]
    public async Task Build_RetentionSettings_AreReadFromConfiguration()
    {
        await using WebApplication app = LocalHostApplication.Build(
            ["--backend", "memory", "--urls", "http://127.0.0.1:0", "--TaskFunctions:Retention:MaxAge", "3.00:00:00", "--TaskFunctions:Retention:BatchSize", "50"]);

        RetentionOptions options = app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal(TimeSpan.FromDays(3), options.MaxAge);
        Assert.Equal(50, options.BatchSize);
    }

    [Theory]
    [InlineData("--TaskFunctions:Retention:MaxAge", "00:00:00", "TaskFunctions:Retention:MaxAge")]
    [InlineData("--TaskFunctions:Retention:BatchSize", "0", "TaskFunctions:Retention:BatchSize")]
    [InlineData("--TaskFunctions:Retention:BatchPause", "-00:00:01", "TaskFunctions:Retention:BatchPause")]
    [InlineData("--TaskFunctions:Retention:Interval", "00:00:00", "TaskFunctions:Retention:Interval")]
    public async Task Start_ARetentionSettingOutOfRange_RefusesNamingIt(string setting, string value, string named)
    {
        await using WebApplication app = LocalHostApplication.Build(["--backend", "memory", "--urls", "http://127.0.0.1:0", setting, value]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }
}
