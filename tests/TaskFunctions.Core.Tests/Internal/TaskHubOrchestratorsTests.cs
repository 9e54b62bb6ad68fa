using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Internal;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Internal;

/// <summary>The entry points the Functions app binds refuse an orchestration started without its input, naming it.</summary>
public sealed class TaskHubOrchestratorsTests
{
    public static TheoryData<string, Func<TaskOrchestrationContext, Task>> EntryPoints => new()
    {
        { nameof(ExecutionRequest), context => TaskHubOrchestrators.RunExecutionAsync(context) },
        { nameof(LogArchiveChunk), context => TaskHubOrchestrators.RunLogArchiveAsync(context) },
        { "SlotLease", context => TaskHubOrchestrators.RunConcurrencySlotAsync(context) },
        { "TaskQueueState", context => TaskHubOrchestrators.RunTaskQueueAsync(context) },
        { nameof(ExecutionRequest), context => TaskHubOrchestrators.RunIdempotencyKeyAsync(context) },
    };

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public async Task EntryPoint_WithoutItsInput_ThrowsNamingTheInstanceAndTheInput(string input, Func<TaskOrchestrationContext, Task> run)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.Name).Returns(new TaskName("SomeOrchestrator"));
        context.SetupGet(c => c.InstanceId).Returns("instance-1");

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => run(context.Object));

        Assert.Equal($"The orchestration 'SomeOrchestrator' (instance-1) has no {input} input.", thrown.Message);
    }

    [Fact]
    public async Task EntryPoint_WithoutAContext_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => TaskHubOrchestrators.RunExecutionAsync(null!));
    }
}
