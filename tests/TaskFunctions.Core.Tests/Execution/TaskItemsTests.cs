using System.Text.Json;
using TaskFunctions.Execution;

namespace TaskFunctions.Core.Tests.Execution;

public sealed class TaskItemsTests
{
    [Fact]
    public void SetThenGet_RoundTripsValuesOfAnyShape()
    {
        var items = new TaskItems();

        items.Set("number", 42);
        items.Set("text", "你好");
        items.Set("record", new Sample("a", [1, 2, 3]));

        Assert.Equal(42, items.Get<int>("number"));
        Assert.Equal("你好", items.Get<string>("text"));
        Assert.Equal(new Sample("a", [1, 2, 3]).Values, items.Get<Sample>("record")!.Values);
        Assert.Equal("a", items.Get<Sample>("record")!.Name);
    }

    [Fact]
    public void Values_AreStoredAsCamelCaseJson()
    {
        var items = new TaskItems();

        items.Set("record", new Sample("a", [1]));

        JsonElement stored = items.ToDictionary()["record"];
        Assert.Equal("a", stored.GetProperty("name").GetString());
        Assert.Equal(1, stored.GetProperty("values")[0].GetInt32());
    }

    [Fact]
    public void Set_StoresASnapshotNotAReference()
    {
        var items = new TaskItems();
        List<int> list = [1];

        items.Set("list", list);
        list.Add(2);

        Assert.Equal([1], items.Get<List<int>>("list"));
    }

    [Fact]
    public void MissingKeys_ReadAsAbsent()
    {
        var items = new TaskItems();

        Assert.False(items.TryGet("missing", out int value));
        Assert.Equal(0, value);
        Assert.Null(items.Get<string>("missing"));
        Assert.Equal(0, items.Get<int>("missing"));
    }

    [Fact]
    public void Set_ReplacesAndRemoveDeletes()
    {
        var items = new TaskItems();
        items.Set("k", 1);
        items.Set("k", 2);

        Assert.Equal(2, items.Get<int>("k"));
        Assert.Equal(["k"], items.Keys);
        Assert.True(items.Remove("k"));
        Assert.False(items.Remove("k"));
        Assert.Empty(items.Keys);
    }

    [Fact]
    public void Keys_AreCaseSensitive()
    {
        var items = new TaskItems();
        items.Set("Key", 1);

        Assert.False(items.TryGet("key", out int _));
        Assert.True(items.TryGet("Key", out int value));
        Assert.Equal(1, value);
    }

    [Fact]
    public void Set_RejectsEmptyKeys()
    {
        var items = new TaskItems();

        Assert.Throws<ArgumentNullException>(() => items.Set(null!, 1));
        Assert.Throws<ArgumentException>(() => items.Set(string.Empty, 1));
    }

    [Fact]
    public void Constructor_CopiesTheGivenValues()
    {
        Dictionary<string, JsonElement> source = new() { ["a"] = JsonSerializer.SerializeToElement(1) };

        var items = new TaskItems(source);
        items.Set("b", 2);
        source.Remove("a");

        Assert.Equal(1, items.Get<int>("a"));
        Assert.Equal(["a", "b"], items.Keys.Order(StringComparer.Ordinal));
        Assert.False(source.ContainsKey("b"));
    }

    [Fact]
    public void ToDictionary_IsACopy()
    {
        var items = new TaskItems();
        items.Set("a", 1);

        IReadOnlyDictionary<string, JsonElement> copy = items.ToDictionary();
        items.Set("b", 2);

        Assert.Equal(["a"], copy.Keys);
    }

    [Fact]
    public async Task ConcurrentWrites_AreAllKept()
    {
        var items = new TaskItems();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 250; i++)
            {
                items.Set($"{t}:{i}", i);
            }
        })));

        Assert.Equal(2_000, items.Keys.Count);
        Assert.Equal(249, items.Get<int>("7:249"));
    }

    [Fact]
    public void Get_OfAnIncompatibleType_Throws()
    {
        var items = new TaskItems();
        items.Set("text", "not a number");

        Assert.Throws<JsonException>(() => items.Get<int>("text"));
    }

    private sealed record Sample(string Name, int[] Values);
}
