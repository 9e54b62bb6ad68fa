using TaskFunctions.Catalog;
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
    public void EmptyCatalog_IsAllowed()
    {
        Assert.Empty(new TaskCatalog([]).Tasks);
    }

    [Fact]
    public void NullTasks_AreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new TaskCatalog(null!));
    }

    private static TaskDefinition Task(string name) => new(name, typeof(NoopHandler), new TaskDefinitionOptions());

    private sealed class NoopHandler : ITaskHandler
    {
        public Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
    }
}
