using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Client;

/// <summary>A request to start an execution. Its values are checked when it is made.</summary>
public sealed record StartRequest
{
    private readonly string? _replayOf;

    /// <summary>The longest idempotency key.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Initializes a new instance of the <see cref="StartRequest"/> class.</summary>
    /// <param name="trigger">How the execution is started.</param>
    /// <param name="parameters">The <c>params</c> object, if any.</param>
    /// <param name="timeout">
    /// A shorter timeout than the task's, if asked for: at least 1 ms, counted in whole milliseconds (the start
    /// is refused when it is longer than the task's own).
    /// </param>
    /// <param name="idempotencyKey">
    /// The client's key that makes the start safe to repeat, if any (1 to <see cref="MaxIdempotencyKeyLength"/> characters).
    /// </param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public StartRequest(TriggerKind trigger, JsonElement? parameters = null, TimeSpan? timeout = null, string? idempotencyKey = null)
    {
        if (parameters is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
        {
            throw new ArgumentException($"The params must be a JSON object, not {parameters.Value.ValueKind}.", nameof(parameters));
        }

        if (timeout is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.FromMilliseconds(1), nameof(timeout));
        }

        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            throw new ArgumentException($"An idempotency key has 1 to {MaxIdempotencyKeyLength} characters.", nameof(idempotencyKey));
        }

        Trigger = trigger;
        Params = parameters;
        Timeout = timeout is { } whole ? TimeSpan.FromMilliseconds(Math.Floor(whole.TotalMilliseconds)) : null;
        IdempotencyKey = idempotencyKey;
    }

    /// <summary>Gets how the execution is started.</summary>
    public TriggerKind Trigger { get; }

    /// <summary>Gets the <c>params</c> object, if any.</summary>
    public JsonElement? Params { get; }

    /// <summary>Gets the shorter timeout asked for, in whole milliseconds, if any.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Gets the client's idempotency key, if any.</summary>
    public string? IdempotencyKey { get; }

    /// <summary>
    /// Gets the execution this start runs again, if it is a replay: the new execution's log names it after its first
    /// entry and its view carries it. Only a start with trigger <see cref="TriggerKind.Replay"/> may set it.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not an execution id (a UUID), or the trigger is not <see cref="TriggerKind.Replay"/>.</exception>
    public string? ReplayOf
    {
        get => _replayOf;
        init
        {
            if (value is null)
            {
                _replayOf = null;
                return;
            }

            if (Trigger != TriggerKind.Replay)
            {
                throw new ArgumentException($"Only a start with trigger {TriggerKind.Replay} names the execution it replays.", nameof(ReplayOf));
            }

            _replayOf = ExecutionIds.TryNormalize(value, out string? id)
                ? id
                : throw new ArgumentException($"'{value}' is not an execution id.", nameof(ReplayOf));
        }
    }
}
