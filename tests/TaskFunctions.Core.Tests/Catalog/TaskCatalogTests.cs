using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;

namespace TaskFunctions.Core.Tests.Catalog;

public sealed class TaskCatalogTests
{
    [Fact]
    public void Tasks_AreOrderedByNameAndFoundByExactName()
    {
        var catalog = new TaskCatalog([Task("zeta"), Task("alpha"), Task("mid")]);

        Assert.Equal(["alpha", "mid", "zeta"], catalog.Tasks.Select(t => t.Name));
        Assert.True(catalog.TryGet("mid", out TaskDefinition? found));
        Assert.Equal("mid", found.Name);
        Assert.False(catalog.TryGet("MID", out _));
        Assert.False(catalog.TryGet("missing", out TaskDefinition? missing));
        Assert.Null(missing);
    }

    [Fact]
    public void DuplicateNames_AreRejected()
    {
        var thrown = Assert.Throws<ArgumentException>(() => new TaskCatalog([Task("same"), Task("other"), Task("same")]));

        Assert.Contains("'same'", thrown.Message, StringComparison.Ordinal);
        Assert.Equal("tasks", thrown.ParamName);
    }

    [Fact]
    public void NamesSharingAnExecutionIdPrefix_AreRejected()
    {
        // Two valid names whose FNV-1a hashes collide (found offline).
        Assert.Equal(ExecutionIds.TaskPrefix("task-858585"), ExecutionIds.TaskPrefix("task-1144900"));

        var thrown = Assert.Throws<ArgumentException>(() => new TaskCatalog([Task("task-858585"), Task("task-1144900")]));

        Assert.Contains("task-858585", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("task-1144900", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyCatalog_IsAllowed()
    {
        Assert.Empty(new TaskCatalog([]).Tasks);
    }

    [Fact]
    public void NullTasks_AreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new TaskCatalog(null!));
    }

    [Fact]
    public void TryGetByExecutionId_FindsTheTaskFromTheIdsPrefix()
    {
        var catalog = new TaskCatalog([Task("alpha"), Task("beta")]);

        Assert.True(catalog.TryGetByExecutionId(ExecutionIds.New("beta", DateTime.UtcNow), out TaskDefinition? beta));
        Assert.Equal("beta", beta.Name);
        Assert.True(catalog.TryGetByExecutionId(ExecutionIds.New("alpha", DateTime.UtcNow), out TaskDefinition? alpha));
        Assert.Equal("alpha", alpha.Name);
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("")]
    [InlineData("prefix-only")]
    public void TryGetByExecutionId_IdOfNoTaskOfTheCatalog_IsNotFound(string idOf)
    {
        var catalog = new TaskCatalog([Task("alpha")]);
        string executionId = idOf switch
        {
            "" => string.Empty,
            "prefix-only" => ExecutionIds.TaskPrefix("alpha"),
            _ => ExecutionIds.New(idOf, DateTime.UtcNow),
        };

        Assert.False(catalog.TryGetByExecutionId(executionId, out TaskDefinition? task));
        Assert.Null(task);
    }

    private static TaskDefinition Task(string name) => new(name, typeof(NoopHandler), new TaskOptions());

    private sealed class NoopHandler : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
    }
}
