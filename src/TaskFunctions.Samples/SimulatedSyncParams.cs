using System.ComponentModel.DataAnnotations;

namespace TaskFunctions.Samples;

/// <summary>
/// The <c>params</c> of the sample sync tasks. The tasks declare this type, so a start whose params do not fit it
/// (a string for a number, a step count out of range) answers 400 naming the field.
/// </summary>
public sealed class SimulatedSyncParams
{
    /// <summary>The longest simulated sync, in milliseconds: ten minutes.</summary>
    public const int MaxDurationMs = 600_000;

    /// <summary>The most steps a sync may be split into.</summary>
    public const int MaxSteps = 1000;

    /// <summary>The most attempts that may be asked to fail.</summary>
    public const int MaxFailAttempts = 10;

    /// <summary>The longest note.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>Gets or sets how long the whole sync takes, in milliseconds (default 2000, 0 to 600000).</summary>
    [Range(0, MaxDurationMs)]
    public int DurationMs { get; set; } = 2000;

    /// <summary>Gets or sets into how many steps the work is split (default 4, 1 to 1000); each step logs one line.</summary>
    [Range(1, MaxSteps)]
    public int Steps { get; set; } = 4;

    /// <summary>Gets or sets a value indicating whether the handler throws after its first step, in every attempt.</summary>
    public bool Fail { get; set; }

    /// <summary>Gets or sets how many attempts throw after their first step (for trying retries); 0 (the default) to 10.</summary>
    [Range(0, MaxFailAttempts)]
    public int FailAttempts { get; set; }

    /// <summary>Gets or sets a note the handler logs before its first step, if given (at most 500 characters).</summary>
    [StringLength(MaxNoteLength)]
    public string? Note { get; set; }
}
