using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Moq;
using TaskFunctions.Protocol;

namespace TaskFunctions.Testing;

/// <summary>
/// Backs a mocked <see cref="DurableTaskClient"/> with a table of instances, as the engine keeps them: an instance id
/// is created once (a create is refused while the instance is active or in one of the start's dedupe statuses), and
/// <see cref="DurableTaskClient.GetInstanceAsync(string, bool, CancellationToken)"/> reads the table. Setups made on
/// the mock afterwards take precedence.
/// </summary>
public sealed class InstanceStore
{
    /// <summary>When every instance of the store was created and last updated (the tests' start time).</summary>
    public static readonly DateTime CreatedAt = new(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, OrchestrationMetadata> _instances = new(StringComparer.Ordinal);
    private readonly Mock<DurableTaskClient> _client;

    public InstanceStore(Mock<DurableTaskClient> client)
    {
        _client = client;
        client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns<TaskName, object?, StartOrchestrationOptions?, CancellationToken>((name, input, options, _) =>
            {
                string id = options?.InstanceId ?? throw new InvalidOperationException("Every start names its instance id.");
                lock (_lock)
                {
                    if (_instances.TryGetValue(id, out OrchestrationMetadata? existing)
                        && (ExecutionStatuses.IsActive(existing.RuntimeStatus) || (options.DedupeStatuses?.Contains(existing.RuntimeStatus.ToString()) ?? false)))
                    {
                        Refused.Add(new Start(name.Name, id, input, options));
                        return Task.FromException<string>(new OrchestrationAlreadyExistsException($"Instance {id} exists."));
                    }

                    Created.Add(new Start(name.Name, id, input, options));
                    _instances[id] = Instance(name.Name, id, input, OrchestrationRuntimeStatus.Running);
                    return Task.FromResult(id);
                }
            });
        client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .Returns<string, bool, CancellationToken>((id, _, _) =>
            {
                lock (_lock)
                {
                    return Task.FromResult(_instances.GetValueOrDefault(id));
                }
            });
    }

    /// <summary>Gets the starts that created an instance, in order.</summary>
    public List<Start> Created { get; } = [];

    /// <summary>Gets the starts refused because the instance existed.</summary>
    public List<Start> Refused { get; } = [];

    /// <summary>Adds or replaces an instance.</summary>
    public void Add(string name, string instanceId, object? input, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running, object? customStatus = null)
    {
        lock (_lock)
        {
            _instances[instanceId] = Instance(name, instanceId, input, status, customStatus);
        }
    }

    /// <summary>
    /// Answers the client's queries from the table as one page, in instance id order: the instances whose id starts
    /// with the query's prefix and whose status is one of its statuses (any, when it names none).
    /// </summary>
    public InstanceStore AnswerQueries()
    {
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns<OrchestrationQuery?>(query =>
            {
                lock (_lock)
                {
                    OrchestrationMetadata[] found =
                    [
                        .. _instances.Values
                            .Where(i => query?.InstanceIdPrefix is not { } prefix || i.InstanceId.StartsWith(prefix, StringComparison.Ordinal))
                            .Where(i => query?.Statuses is not { } statuses || !statuses.Any() || statuses.Contains(i.RuntimeStatus))
                            .OrderBy(i => i.InstanceId, StringComparer.Ordinal),
                    ];
                    return Pages.Of(found);
                }
            });
        return this;
    }

    public static OrchestrationMetadata Instance(string name, string instanceId, object? input, OrchestrationRuntimeStatus status, object? customStatus = null) =>
        new(name, instanceId)
        {
            DataConverter = JsonDataConverter.Default,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(CreatedAt),
            LastUpdatedAt = new DateTimeOffset(CreatedAt),
            SerializedInput = input is null ? null : JsonDataConverter.Default.Serialize(input),
            SerializedCustomStatus = customStatus is null ? null : JsonDataConverter.Default.Serialize(customStatus),
        };

    public sealed record Start(string Name, string InstanceId, object? Input, StartOrchestrationOptions Options);
}
