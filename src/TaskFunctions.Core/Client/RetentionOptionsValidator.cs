using Microsoft.Extensions.Options;

namespace TaskFunctions.Client;

/// <summary>Refuses <see cref="RetentionOptions"/> out of range, naming each setting (registered by <c>AddTaskFunctions</c>, checked when the host starts).</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
