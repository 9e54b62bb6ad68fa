using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class TaskQueueBookTests
{
    private static TaskQueueBook Empty(int limit = 1) => new(new TaskQueueState("sync", limit, [], [], []));

    /// <summary>The execution's own join: it runs and can be told its turn.</summary>
    private static QueueMessage Join(string id, int limit = 1) => new(QueueMessageKind.Join, id, limit, Ready: true);

    /// <summary>The client's join, sent when it creates the execution: it reserves the place.</summary>
    private static QueueMessage Reserve(string id, int limit = 1) => new(QueueMessageKind.Join, id, limit);

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
    public void Join_Twice_IsJoiningOnceAndTheExecutionIsToldItsTurnOrPlaceAgain()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Join("b"));

        Assert.Equal([("a", QueueTurn.Now)], book.Apply(Join("a")));
        var again = Assert.Single(book.Apply(Join("b")));
        Assert.False(again.Turn.Go);
        Assert.Equal(1, again.Turn.Position);

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

    [Fact]
    public void Reserve_TakesThePlaceButTellsNothingUntilTheExecutionJoinsItself()
    {
        TaskQueueBook book = Empty();

        Assert.Empty(book.Apply(Reserve("a")));
        Assert.Equal(["a"], book.State.Running);

        Assert.Equal([("a", QueueTurn.Now)], book.Apply(Join("a")));
    }

    [Fact]
    public void Reserve_KeepsTheOrderOfTheStartsWhateverOrderTheExecutionsJoinIn()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Reserve("b"));
        book.Apply(Reserve("c"));

        // c's own join arrives before b's: it is told its place, behind b.
        var c = Assert.Single(book.Apply(Join("c")));
        Assert.Equal(2, c.Turn.Position);

        // a leaves before b has joined itself: b's turn is kept for it, c still waits.
        Assert.Empty(book.Apply(Leave("a")));
        Assert.Equal(["b"], book.State.Running);
        Assert.Equal([("b", QueueTurn.Now)], book.Apply(Join("b")));
        Assert.Equal([("c", QueueTurn.Now)], book.Apply(Leave("b")));
    }

    [Fact]
    public void Ready_IsKeptAcrossGenerationsAndForgottenOnLeave()
    {
        TaskQueueBook book = Empty();
        book.Apply(Join("a"));
        book.Apply(Join("b"));
        Assert.Equal(["a", "b"], book.State.Ready);

        var next = new TaskQueueBook(book.State);
        next.Apply(Leave("a"));

        Assert.Equal(["b"], next.State.Ready);
    }
}
