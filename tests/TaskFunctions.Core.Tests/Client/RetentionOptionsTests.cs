using Microsoft.Extensions.Options;
using TaskFunctions.Client;

namespace TaskFunctions.Core.Tests.Client;

public sealed class RetentionOptionsTests
{
    [Fact]
    public void Defaults_KeepSevenDaysAndPurgeAHundredAtATimeWithASecondBetween()
    {
        var options = new RetentionOptions();

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromDays(7), options.MaxAge);
        Assert.Equal(TimeSpan.FromHours(1), options.Interval);
        Assert.Equal(100, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(1), options.BatchPause);
        Assert.Empty(options.Validate());
        Assert.True(new RetentionOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(nameof(RetentionOptions.MaxAge), "00:00:00")]
    [InlineData(nameof(RetentionOptions.MaxAge), "-1.00:00:00")]
    [InlineData(nameof(RetentionOptions.MaxAge), "36501.00:00:00")]
    [InlineData(nameof(RetentionOptions.Interval), "00:00:00.500")]
    [InlineData(nameof(RetentionOptions.Interval), "1.00:00:01")]
    [InlineData(nameof(RetentionOptions.BatchPause), "-00:00:00.001")]
    [InlineData(nameof(RetentionOptions.BatchPause), "00:01:00.001")]
    public void Validate_ATimeOutOfRange_IsNamedWithItsSection(string setting, string value)
    {
        var options = new RetentionOptions();
        typeof(RetentionOptions).GetProperty(setting)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        string problem = Assert.Single(options.Validate());

        Assert.StartsWith($"TaskFunctions:Retention:{setting} must be ", problem, StringComparison.Ordinal);
        ValidateOptionsResult result = new RetentionOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(problem, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Validate_ABatchSizeOutOfRange_IsNamed(int size)
    {
        var options = new RetentionOptions { BatchSize = size };

        Assert.Equal($"TaskFunctions:Retention:BatchSize must be from 1 to 1000; got {size}.", Assert.Single(options.Validate()));
    }

    [Theory]
    [InlineData(1, "00:00:00", "00:00:01", "00:00:00.001")]
    [InlineData(1000, "00:01:00", "1.00:00:00", "36500.00:00:00")]
    public void Validate_TheLimitsThemselves_AreValid(int batchSize, string batchPause, string interval, string maxAge)
    {
        var options = new RetentionOptions
        {
            BatchSize = batchSize,
            BatchPause = TimeSpan.Parse(batchPause, System.Globalization.CultureInfo.InvariantCulture),
            Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
            MaxAge = TimeSpan.Parse(maxAge, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_SeveralOutOfRange_NamesEach()
    {
        var options = new RetentionOptions { MaxAge = TimeSpan.Zero, BatchSize = 0 };

        Assert.Equal(2, options.Validate().Count);
    }
}
