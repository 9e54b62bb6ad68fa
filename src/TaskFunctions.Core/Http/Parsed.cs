using Microsoft.AspNetCore.Http;

namespace TaskFunctions.Http;

/// <summary>A value read from a request, or the problem that stopped reading it.</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal readonly record struct Parsed<T>(T Value, IResult? Problem)
{
    /// <summary>Gets a value indicating whether reading failed.</summary>
    public bool Failed => Problem is not null;

    /// <summary>A value read successfully.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static Parsed<T> Ok(T value) => new(value, null);

    /// <summary>A failure.</summary>
    /// <param name="problem">The problem to answer with.</param>
    /// <returns>The result.</returns>
    public static Parsed<T> Fail(IResult problem) => new(default!, problem);
}
