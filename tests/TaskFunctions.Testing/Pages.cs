using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace TaskFunctions.Testing;

/// <summary>Query results as a mocked <see cref="DurableTaskClient.GetAllInstancesAsync(OrchestrationQuery?)"/> returns them.</summary>
public static class Pages
{
    /// <summary>One page holding the instances, and no continuation token.</summary>
    public static AsyncPageable<OrchestrationMetadata> Of(params OrchestrationMetadata[] instances) =>
        Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>(instances, null)));
}
