using TaskFunctions.Catalog;

namespace TaskFunctions.Core.Tests.Catalog;

public sealed class TaskNamesTests
{
    [Theory]
    [InlineData("user-space-sync")]
    [InlineData("feishu-sync")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("report.daily_v2-final")]
    public void IsValid_LowerCaseLettersDigitsDotsDashesAndUnderscores_IsTrue(string name)
    {
        Assert.True(TaskNames.IsValid(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("User-Space-Sync")]
    [InlineData("-leading-dash")]
    [InlineData(".hidden")]
    [InlineData("_private")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("任务")]
    [InlineData("trailing-newline\n")]
    public void IsValid_NullEmptyUpperCaseLeadingPunctuationOrOtherCharacters_IsFalse(string? name)
    {
        Assert.False(TaskNames.IsValid(name));
    }

    [Fact]
    public void Length_IsLimitedTo64()
    {
        Assert.Equal(64, TaskNames.MaxLength);
        Assert.True(TaskNames.IsValid(new string('a', 64)));
        Assert.False(TaskNames.IsValid(new string('a', 65)));
    }
}
