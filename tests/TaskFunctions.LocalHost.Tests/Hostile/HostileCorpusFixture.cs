using Microsoft.DurableTask.Client;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Hostile;

/// <summary>
/// A local host on one backend, and the whole hostile-input corpus sent to it once, in file order, before any test
/// looks at an answer: the tests then check each answer, and what the corpus left behind.
/// </summary>
public abstract class HostileCorpusFixture : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private Task<CorpusRun>? _run;

    protected HostileCorpusFixture(LocalHostFixture host)
    {
        Host = host;
    }

    /// <summary>Gets the host the corpus is sent to.</summary>
    public LocalHostFixture Host { get; }

    /// <summary>Gets the folder of the corpus files, copied beside the test assembly.</summary>
    public static string CorpusDirectory => Path.Combine(AppContext.BaseDirectory, "Hostile", "Corpus");

    public static IReadOnlyList<CorpusEntry> LoadCorpus() =>
        [.. Directory.GetFiles(CorpusDirectory, "*.json").Order(StringComparer.Ordinal).Select(CorpusEntry.Load)];

    /// <summary>Sends the corpus the first time it is asked for, then hands back the same answers.</summary>
    public Task<CorpusRun> RunAsync() => _run ??= SendAllAsync();

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();

    private async Task<CorpusRun> SendAllAsync()
    {
        DateTimeOffset began = DateTimeOffset.UtcNow.AddSeconds(-1);
        var answers = new Dictionary<string, RawHttp.Answer>(StringComparer.Ordinal);
        foreach (CorpusEntry entry in LoadCorpus())
        {
            answers[entry.File] = await RawHttp.SendAsync(Host.BaseAddress, entry.Method, entry.Path, entry.Headers, entry.BodyBytes(), entry.Chunked, RequestTimeout);
        }

        List<string> instances = [];
        await foreach (OrchestrationMetadata instance in Host.Durable.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = began.UtcDateTime, PageSize = 100 }))
        {
            instances.Add(instance.InstanceId);
        }

        return new CorpusRun(answers, instances);
    }

    /// <summary>The answers by file name, and the ids of the instances that existed right after the corpus ran.</summary>
    public sealed record CorpusRun(IReadOnlyDictionary<string, RawHttp.Answer> Answers, IReadOnlyList<string> Instances);
}

/// <summary>The corpus against the local host on the in-memory backend.</summary>
public sealed class InMemoryHostileCorpusFixture() : HostileCorpusFixture(new InMemoryHostFixture());

/// <summary>The corpus against the local host on the Azure Storage provider (Azurite).</summary>
public sealed class AzureStorageHostileCorpusFixture() : HostileCorpusFixture(new AzureStorageHostFixture());
