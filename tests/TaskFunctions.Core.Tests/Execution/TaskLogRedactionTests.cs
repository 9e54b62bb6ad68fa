using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;

namespace TaskFunctions.Core.Tests.Execution;

/// <summary>Secrets a middleware names are masked in what the log stores, at any depth of an entry's data.</summary>
public sealed class TaskLogRedactionTests
{
    [Fact]
    public void RedactFields_MasksTheNamedPropertiesAtAnyDepthAndInArrays()
    {
        var log = new TaskLog();
        log.RedactFields("password", "Token");

        log.Info("signing in", new
        {
            user = "ada",
            password = "hunter2",
            session = new { token = "abc", expires = 60 },
            attempts = new[] { new Dictionary<string, string> { ["TOKEN"] = "def" } },
        });

        JsonElement data = log[0].Data!.Value;
        Assert.Equal("ada", data.GetProperty("user").GetString());
        Assert.Equal(TaskLog.RedactedValue, data.GetProperty("password").GetString());
        Assert.Equal(TaskLog.RedactedValue, data.GetProperty("session").GetProperty("token").GetString());
        Assert.Equal(60, data.GetProperty("session").GetProperty("expires").GetInt32());
        Assert.Equal(TaskLog.RedactedValue, data.GetProperty("attempts")[0].GetProperty("TOKEN").GetString());
        Assert.DoesNotContain("hunter2", data.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void RedactFields_LeavesEntriesWrittenBeforeAndUnnamedFieldsAlone()
    {
        var log = new TaskLog();
        log.Info("before", new { password = "kept" });

        log.RedactFields("password");
        log.Warn("after", new { other = "visible" });

        Assert.Equal("kept", log[0].Data!.Value.GetProperty("password").GetString());
        Assert.Equal("visible", log[1].Data!.Value.GetProperty("other").GetString());
        Assert.Equal(TaskLogLevel.Warn, log[1].Level);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void RedactFields_AnEmptyName_IsRefused(string? name)
    {
        Assert.ThrowsAny<ArgumentException>(() => new TaskLog().RedactFields(name!));
    }
}
