using System.Text.RegularExpressions;

namespace TaskFunctions.Catalog;

/// <summary>The rule for task names: 1–64 characters, lower-case letters, digits, '-', '_' and '.', starting with a letter or digit.</summary>
internal static partial class TaskNames
{
    /// <summary>The longest task name.</summary>
    public const int MaxLength = 64;

    /// <summary>Tells whether a string is a valid task name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
