using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TaskFunctions.Catalog;

namespace TaskFunctions.Scheduling;

/// <summary>
/// Reads the schedules declared by configuration: under <see cref="SchedulerOptions.SchedulesSection"/>, a section per
/// task and in it a section per schedule, with <c>Cron</c> (required), <c>TimeZone</c> (an IANA id, UTC when absent)
/// and <c>Params</c>. <c>Params</c> is either JSON text (<c>{"durationMs":1000}</c>, as an environment variable or app
/// setting gives it) or a section of values (as appsettings.json nests it), in which a value that reads as a JSON
/// number, <c>true</c> or <c>false</c> is taken as one, any other as a string, and a section numbered 0, 1, … as an array.
/// </summary>
internal static class ScheduleConfiguration
{
    private static readonly string[] Settings = ["Cron", "TimeZone", "Params"];

    /// <summary>Reads every schedule of the section.</summary>
    /// <param name="section">The <see cref="SchedulerOptions.SchedulesSection"/> section.</param>
    /// <returns>Each schedule with the name of its task and the path of its section.</returns>
    /// <exception cref="ScheduleConfigurationException">A schedule is not valid; the message names its setting.</exception>
    public static IReadOnlyList<(string TaskName, TaskSchedule Schedule, string Path)> Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        List<(string, TaskSchedule, string)> schedules = [];
        foreach (IConfigurationSection task in section.GetChildren())
        {
            if (task.Value is { Length: > 0 })
            {
                throw new ScheduleConfigurationException($"{task.Path} must hold schedules ({task.Path}:<schedule>:Cron, …), not a value.");
            }

            foreach (IConfigurationSection schedule in task.GetChildren())
            {
                schedules.Add((task.Key, ReadSchedule(schedule), schedule.Path));
            }
        }

        return schedules;
    }

    private static TaskSchedule ReadSchedule(IConfigurationSection section)
    {
        foreach (IConfigurationSection setting in section.GetChildren())
        {
            if (!Settings.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ScheduleConfigurationException($"{setting.Path} is not a schedule setting: use Cron, TimeZone and Params.");
            }
        }

        if (section["Cron"] is not { Length: > 0 } cron)
        {
            throw new ScheduleConfigurationException($"{section.Path}:Cron is missing: give a cron expression such as \"0 2 * * *\".");
        }

        try
        {
            JsonElement? parameters = ReadParams(section.GetSection("Params"));
            return section["TimeZone"] is { Length: > 0 } zone
                ? new TaskSchedule(section.Key, cron, zone, parameters)
                : new TaskSchedule(section.Key, cron, timeZone: null, parameters);
        }
        catch (ArgumentException ex)
        {
            throw new ScheduleConfigurationException($"{section.Path}: {ex.Message}", ex);
        }
    }

    private static JsonElement? ReadParams(IConfigurationSection section)
    {
        bool hasChildren = section.GetChildren().Any();
        if (section.Value is { Length: > 0 } text)
        {
            if (hasChildren)
            {
                throw new ArgumentException("Params is given both as JSON text and as a section; give one.");
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? document.RootElement.Clone()
                    : throw new ArgumentException($"Params must be a JSON object, not {document.RootElement.ValueKind}.");
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"Params is not JSON: {ex.Message}", ex);
            }
        }

        if (!hasChildren)
        {
            return null;
        }

        using var built = JsonDocument.Parse(Node(section)!.ToJsonString());
        return built.RootElement.Clone();
    }

    private static JsonNode? Node(IConfigurationSection section)
    {
        IConfigurationSection[] children = [.. section.GetChildren()];
        if (children.Length == 0)
        {
            return Leaf(section.Value);
        }

        int[] indexes = [.. children.Select(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : -1)];
        if (indexes.Order().SequenceEqual(Enumerable.Range(0, children.Length)))
        {
            var array = new JsonArray();
            foreach (IConfigurationSection child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                array.Add(Node(child));
            }

            return array;
        }

        var obj = new JsonObject();
        foreach (IConfigurationSection child in children)
        {
            obj[child.Key] = Node(child);
        }

        return obj;
    }

    /// <summary>A configuration value as JSON: a number, <c>true</c> or <c>false</c> when it reads as one, else a string.</summary>
    private static JsonNode? Leaf(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value is "true" or "false" || (value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] == '-')))
        {
            try
            {
                JsonNode? literal = JsonNode.Parse(value);
                if (literal is JsonValue { } parsed && parsed.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    return literal;
                }
            }
            catch (JsonException)
            {
                // Not a literal: a string.
            }
        }

        return JsonValue.Create(value);
    }
}
