using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>The attempt activity as a Durable Task SDK activity class, for hosts that register tasks with a <see cref="DurableTaskRegistry"/>.</summary>
[DurableTask(ProtocolNames.AttemptActivity)]
internal sealed class AttemptActivity : TaskActivity<AttemptRequest, AttemptResult>
{
    private readonly AttemptRunner _runner;
    private readonly DurableTaskClient _client;

    /// <summary>Initializes a new instance of the <see cref="AttemptActivity"/> class.</summary>
    /// <param name="runner">The attempt runner.</param>
    /// <param name="client">The durable client of the host.</param>
    public AttemptActivity(AttemptRunner runner, DurableTaskClient client)
    {
        _runner = runner;
        _client = client;
    }

    /// <inheritdoc/>
    public override Task<AttemptResult> RunAsync(TaskActivityContext context, AttemptRequest input) =>
        _runner.RunAsync(input, _client, CancellationToken.None);
}
