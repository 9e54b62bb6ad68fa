using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>The log archive activity as a Durable Task SDK activity class (see <see cref="ExecutionLogArchive.StoreAsync"/>).</summary>
[DurableTask(ProtocolNames.ArchiveLogActivity)]
internal sealed class ArchiveLogActivity : TaskActivity<LogArchiveChunk, int>
{
    private readonly DurableTaskClient _client;

    /// <summary>Initializes a new instance of the <see cref="ArchiveLogActivity"/> class.</summary>
    /// <param name="client">The durable client of the host.</param>
    public ArchiveLogActivity(DurableTaskClient client)
    {
        _client = client;
    }

    /// <inheritdoc/>
    public override Task<int> RunAsync(TaskActivityContext context, LogArchiveChunk input) =>
        ExecutionLogArchive.StoreAsync(_client, input, CancellationToken.None);
}
