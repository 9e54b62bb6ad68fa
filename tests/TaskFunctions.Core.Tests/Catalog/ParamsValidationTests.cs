using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using TaskFunctions.Catalog;
using TaskFunctions.Samples;

namespace TaskFunctions.Core.Tests.Catalog;

public sealed class ParamsValidationTests
{
    private static readonly TaskDefinition Untyped = new("free", typeof(object), new TaskDefinitionOptions());
    private static readonly TaskDefinition Typed = new("typed", typeof(object), new TaskDefinitionOptions { ParamsType = typeof(TypedParams) });
    private static readonly TaskDefinition Sample = new("sample", typeof(object), new TaskDefinitionOptions { ParamsType = typeof(SimulatedSyncParams) });

    [Theory]
    [InlineData("""{"anything":"goes","count":"x"}""")]
    [InlineData(null)]
    public void Check_ATaskWithoutParamsType_AcceptsAnyObject(string? json) =>
        Assert.Null(ParamsValidation.Check(Untyped, Parse(json)));

    [Theory]
    [InlineData("""{"count":3,"name":"a"}""")]
    [InlineData("""{"Count":3,"name":"a","unknown":true}""")]
    [InlineData("""{"count":0,"name":"a","ratio":0.5,"tags":["x"]}""")]
    public void Check_ParamsThatFit_AreAccepted(string json) =>
        Assert.Null(ParamsValidation.Check(Typed, Parse(json)));

    [Theory]
    [InlineData("""{"count":"three","name":"a"}""", "'params.count' does not fit the params of the task 'typed': it must be a whole number")]
    [InlineData("""{"count":1.5,"name":"a"}""", "'params.count'")]
    [InlineData("""{"count":1e400,"name":"a"}""", "'params.count'")]
    [InlineData("""{"count":99999999999,"name":"a"}""", "'params.count'")]
    [InlineData("""{"count":null,"name":"a"}""", "'params.count'")]
    [InlineData("""{"count":1,"name":5}""", "'params.name' does not fit the params of the task 'typed': it must be a string or null")]
    [InlineData("""{"count":1,"name":"a","flag":"yes"}""", "'params.flag' does not fit the params of the task 'typed': it must be true or false")]
    [InlineData("""{"count":1,"name":"a","tags":[1]}""", "'params.tags[0]'")]
    [InlineData("""{"count":1,"name":"a","tags":"x"}""", "'params.tags' does not fit the params of the task 'typed': it must be an array")]
    public void Check_AWrongType_NamesTheFieldAndWhatItMustBe(string json, string expected)
    {
        string? problem = ParamsValidation.Check(Typed, Parse(json));

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(TypedParams), problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"count":-1,"name":"a"}""", "'params.count'", "between 0 and 10")]
    [InlineData("""{"count":11,"name":"a"}""", "'params.count'", "between 0 and 10")]
    [InlineData("""{"count":1,"name":""}""", "'params.name'", "params.name")]
    [InlineData("""{"count":1}""", "'params.name'", "required")]
    public void Check_ABrokenAnnotation_NamesTheField(string json, string field, string message)
    {
        string? problem = ParamsValidation.Check(Typed, Parse(json));

        Assert.NotNull(problem);
        Assert.StartsWith(field, problem, StringComparison.Ordinal);
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AMissingJsonRequiredMember_NamesIt()
    {
        TaskDefinition task = new("strict", typeof(object), new TaskDefinitionOptions { ParamsType = typeof(StrictParams) });

        Assert.Equal("'params.month' is required by the task 'strict'.", ParamsValidation.Check(task, Parse("{}")));
        Assert.Equal("'params.month' is required by the task 'strict'.", ParamsValidation.Check(task, null));
        Assert.Null(ParamsValidation.Check(task, Parse("""{"month":"2025-11"}""")));
    }

    [Theory]
    [InlineData("""{"durationMs":0,"steps":1,"fail":true,"failAttempts":10,"note":"ok"}""", null)]
    [InlineData("""{"durationMs":600000,"steps":1000}""", null)]
    [InlineData("""{"durationMs":-1}""", "'params.durationMs'")]
    [InlineData("""{"durationMs":600001}""", "'params.durationMs'")]
    [InlineData("""{"durationMs":"soon"}""", "'params.durationMs'")]
    [InlineData("""{"steps":0}""", "'params.steps'")]
    [InlineData("""{"steps":-3}""", "'params.steps'")]
    [InlineData("""{"steps":1001}""", "'params.steps'")]
    [InlineData("""{"failAttempts":11}""", "'params.failAttempts'")]
    [InlineData("""{"fail":"yes"}""", "'params.fail'")]
    public void Check_TheSampleParams_EnforceTheirRanges(string json, string? field)
    {
        string? problem = ParamsValidation.Check(Sample, Parse(json));

        if (field is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.StartsWith(field, problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_NoParamsForTheSample_AreItsDefaults() =>
        Assert.Null(ParamsValidation.Check(Sample, null));

    [Fact]
    public void Check_ASampleNoteTooLong_NamesTheNote()
    {
        string? problem = ParamsValidation.Check(Sample, Parse($$"""{"note":"{{new string('n', SimulatedSyncParams.MaxNoteLength + 1)}}"}"""));

        Assert.NotNull(problem);
        Assert.StartsWith("'params.note'", problem, StringComparison.Ordinal);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    public sealed class TypedParams
    {
        [Range(0, 10)]
        public int Count { get; set; }

        [Required]
        public string? Name { get; set; }

        public bool Flag { get; set; }

        public double Ratio { get; set; }

        public List<string>? Tags { get; set; }
    }

    public sealed class StrictParams
    {
        [JsonRequired]
        public string Month { get; set; } = "";
    }
}
