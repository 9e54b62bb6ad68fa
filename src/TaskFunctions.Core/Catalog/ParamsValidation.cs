using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TaskFunctions.Serialization;

namespace TaskFunctions.Catalog;

/// <summary>
/// Checks the <c>params</c> of a start against the type its task declares (<see cref="TaskDefinition.ParamsType"/>):
/// they must deserialize as the handler will read them, and satisfy the type's data annotations. Every refusal names
/// the field as a JSON path (<c>params.steps</c>) and never a .NET type. The starter checks every start before it
/// schedules anything; the hosts check each schedule's params when they start.
/// </summary>
internal static class ParamsValidation
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Checks the params of a start.</summary>
    /// <param name="task">The task.</param>
    /// <param name="parameters">The params object, or <see langword="null"/> when none were sent.</param>
    /// <returns>What is wrong, or <see langword="null"/> when they fit (or the task declares no type).</returns>
    public static string? Check(TaskDefinition task, JsonElement? parameters)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.ParamsType is not { } type)
        {
            return null;
        }

        JsonElement element = parameters ?? EmptyObject;
        JsonTypeInfo typeInfo = TaskFunctionsJson.Options.GetTypeInfo(type);
        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.IsRequired && !Has(element, property.Name))
            {
                return $"'params.{property.Name}' is required by the task '{task.Name}'.";
            }
        }

        object? value;
        try
        {
            value = element.Deserialize(typeInfo);
        }
        catch (JsonException ex)
        {
            string field = ex.Path is { Length: > 1 } path && path.StartsWith('$') ? "params" + path[1..] : "params";
            string expected = ExpectedKind(typeInfo, ex.Path);
            return $"'{field}' does not fit the params of the task '{task.Name}'{expected}.";
        }

        if (value is null)
        {
            return $"'params' does not fit the params of the task '{task.Name}'.";
        }

        foreach (JsonPropertyInfo property in typeInfo.Properties)
        {
            if (property.AttributeProvider is not MemberInfo member || property.Get is null)
            {
                continue;
            }

            object? fieldValue = null;
            bool read = false;
            foreach (ValidationAttribute attribute in member.GetCustomAttributes<ValidationAttribute>(inherit: true))
            {
                if (!read)
                {
                    fieldValue = property.Get(value);
                    read = true;
                }

                var context = new ValidationContext(value) { MemberName = member.Name, DisplayName = "params." + property.Name };
                if (attribute.GetValidationResult(fieldValue, context) is { ErrorMessage: { } message })
                {
                    return $"'params.{property.Name}' does not fit the params of the task '{task.Name}': {message}";
                }
            }
        }

        return null;
    }

    private static bool Has(JsonElement element, string name)
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Says what a top-level field holds, in JSON terms, when the path names one.</summary>
    private static string ExpectedKind(JsonTypeInfo typeInfo, string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "";
        }

        string name = path[2..];
        int end = name.IndexOfAny(['.', '[']);
        if (end >= 0)
        {
            return "";
        }

        JsonPropertyInfo? property = typeInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (property is null)
        {
            return "";
        }

        Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        string kind = type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : type == typeof(int) ? "a whole number from -2147483648 to 2147483647"
            : type == typeof(long) ? "a whole number"
            : type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) || type == typeof(sbyte) ? "a whole number"
            : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
            : type == typeof(DateTime) || type == typeof(DateTimeOffset) ? "an ISO-8601 time"
            : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "an array"
            : "an object";
        bool nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || !type.IsValueType;
        return $": it must be {kind}{(nullable ? " or null" : "")}";
    }
}
