using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class TaskQueueBookTests
{
    private static TaskQueueBook Empty(int limit = 1) => new(new TaskQueueState("sync", limit, [], [], []));

    private static QueueMessage Join(string id, int limit = 1) => new(QueueMessageKind.Join, id, limit);

    private static QueueMessage Leave(string id) => new(QueueMessageKind.Leave, id);

    [Fact]
    public void Join_WithAFreePlace_GivesTheTurnAtOnce()
    {
        TaskQueueBook book = Empty();

        var turns = book.Apply(Join("a"));

        Assert.Equal([("a", QueueTurn.Now)], turns);
        Assert.Equal(["a"], book.State.Running);
        Assert.Empty(book.State.Waiting);
    }

    [Fact]
    public void Join_WhenTheLimitRuns_WaitsAndIsToldWhoRunsAndItsPlace()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));

        var b = Assert.Single(book.Apply(Join("b")));
        var c = Assert.Single(book.Apply(Join("c")));

        Assert.Equal("b", b.ExecutionId);
        Assert.False(b.Turn.Go);
        Assert.Equal(["a"], b.Turn.Running);
        Assert.Equal(1, b.Turn.Position);
        Assert.Equal(2, c.Turn.Position);
        Assert.Equal(["b", "c"], book.State.Waiting);
    }

    [Fact]
    public void Leave_OfTheRunningOne_GivesTheTurnToTheFirstWaiting()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Join("b"));
        book.Apply(Join("c"));

        Assert.Equal([("b", QueueTurn.Now)], book.Apply(Leave("a")));
        Assert.Equal([("c", QueueTurn.Now)], book.Apply(Leave("b")));
        Assert.Empty(book.Apply(Leave("c")));
        Assert.Empty(book.State.Running);
        Assert.Empty(book.State.Waiting);
    }

    [Fact]
    public void Leave_OfAWaitingOne_TakesItOutOfTheLineWithoutATurn()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Join("b"));
        book.Apply(Join("c"));

        Assert.Empty(book.Apply(Leave("b")));

        Assert.Equal(["c"], book.State.Waiting);
        Assert.Equal([("c", QueueTurn.Now)], book.Apply(Leave("a")));
    }

    [Fact]
    public void Join_Twice_IsJoiningOnceAndARunningOneIsGivenItsTurnAgain()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Join("b"));

        Assert.Equal([("a", QueueTurn.Now)], book.Apply(Join("a")));
        Assert.Empty(book.Apply(Join("b")));

        Assert.Equal(["a"], book.State.Running);
        Assert.Equal(["b"], book.State.Waiting);
    }

    [Fact]
    public void Join_ArrivingAfterItsLeave_IsIgnored()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Leave("a"));

        Assert.Empty(book.Apply(Join("a")));

        Assert.Empty(book.State.Running);
        Assert.Equal(["a"], book.State.Left);
    }

    [Fact]
    public void Leave_OfAnUnknownExecution_ChangesNothing()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));

        Assert.Empty(book.Apply(Leave("stranger")));

        Assert.Equal(["a"], book.State.Running);
        Assert.Empty(book.State.Left);
    }

    [Fact]
    public void Limit_OfTwo_RunsTwoAndARaisedLimitLetsTheNextIn()
    {
        TaskQueueBook book = Empty(limit: 2);
        book.Apply(Join("a", 2));
        book.Apply(Join("b", 2));
        book.Apply(Join("c", 2));
        Assert.Equal(["a", "b"], book.State.Running);

        Assert.Equal([("c", QueueTurn.Now), ("d", QueueTurn.Now)], book.Apply(Join("d", 4)));

        Assert.Equal(4, book.State.Limit);
    }

    [Fact]
    public void Left_IsBounded()
    {
        TaskQueueBook book = Empty();
        for (int i = 0; i < TaskQueueBook.RememberedLeaves + 10; i++)
        {
            book.Apply(Join($"e{i}"));
            book.Apply(Leave($"e{i}"));
        }

        Assert.Equal(TaskQueueBook.RememberedLeaves, book.State.Left.Count);
        Assert.Equal($"e{TaskQueueBook.RememberedLeaves + 9}", book.State.Left[^1]);
    }

    [Fact]
    public void State_GoesOnFromWhereThePreviousGenerationLeft()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Join("b"));

        var next = new TaskQueueBook(book.State);

        Assert.Equal([("b", QueueTurn.Now)], next.Apply(Leave("a")));
    }
}
