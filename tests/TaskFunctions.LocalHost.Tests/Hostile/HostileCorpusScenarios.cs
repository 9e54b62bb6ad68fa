using System.Net;
using System.Text.Json;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.Hostile;

/// <summary>
/// The hostile-input corpus (<c>Hostile/Corpus/*.json</c>) against the real local host over HTTP: every request
/// answers its documented status, a refusal is a problem detail that says what is wrong, nothing answers 5xx or
/// shows the host's internals, and only the requests meant to start an execution left instances behind.
/// </summary>
public abstract class HostileCorpusScenarios(HostileCorpusFixture host)
{
    /// <summary>What an answer must never show: .NET type names, exception names, stack frames.</summary>
    private static readonly string[] Internals = ["System.", "Microsoft.", "Exception", " at TaskFunctions", "   at ", ".cs:line"];

    public static TheoryData<string> Files() => [.. HostileCorpusFixture.LoadCorpus().Select(e => e.File)];

    [Fact]
    public void Corpus_Files_AreAtLeastSixtyRequestsWithAnExpectation()
    {
        IReadOnlyList<CorpusEntry> corpus = HostileCorpusFixture.LoadCorpus();

        Assert.True(corpus.Count >= 60, $"the corpus holds {corpus.Count} requests");
        Assert.All(corpus, e => Assert.True(
            (e.Expect.Status is not null || e.Expect.StatusClass is not null) && e.Description.Length > 0,
            $"{e.File} states no description or no expected status"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Corpus_Request_AnswersAsDocumentedWithoutInternals(string file)
    {
        CorpusEntry entry = HostileCorpusFixture.LoadCorpus().Single(e => e.File == file);
        HostileCorpusFixture.CorpusRun run = await host.RunAsync();
        RawHttp.Answer answer = run.Answers[file];
        string text = answer.BodyText;
        string context = $"{file}: {answer.Status} {answer.Header("Content-Type")} {text[..Math.Min(text.Length, 2000)]}";

        Assert.True(answer.Status < 500, context);
        if (entry.Expect.Status is { } status)
        {
            Assert.True(status == answer.Status, context);
        }

        if (entry.Expect.StatusClass is { } statusClass)
        {
            Assert.True(statusClass[0] == (char)('0' + (answer.Status / 100)), context);
        }

        Assert.All(Internals, s => Assert.DoesNotContain(s, text, StringComparison.Ordinal));
        if (answer.Status is >= 400 and < 500 && entry.Expect.Problem != false)
        {
            Assert.True(answer.Header("Content-Type").StartsWith("application/problem+json", StringComparison.Ordinal), context);
            using JsonDocument problem = JsonDocument.Parse(answer.Body);
            Assert.Equal(answer.Status, problem.RootElement.GetProperty("status").GetInt32());
            string detail = problem.RootElement.TryGetProperty("detail", out JsonElement d) ? d.GetString() ?? "" : "";
            Assert.True(detail.Length > 0, context);
            if (entry.Expect.Detail is { } expected)
            {
                Assert.True(detail.Contains(expected, StringComparison.Ordinal), $"detail '{detail}' lacks '{expected}' ({file})");
            }
        }

        if (entry.Expect.Starts)
        {
            Assert.True(answer.Status == (int)HttpStatusCode.Accepted, context);
            using JsonDocument accepted = JsonDocument.Parse(answer.Body);
            Assert.False(string.IsNullOrEmpty(accepted.RootElement.GetProperty("executionId").GetString()), context);
        }
    }

    [Fact]
    public async Task Corpus_AfterEveryRequest_HostServesAndOnlyTheAcceptedStartsLeftInstances()
    {
        HostileCorpusFixture.CorpusRun run = await host.RunAsync();
        IReadOnlyList<CorpusEntry> starts = [.. HostileCorpusFixture.LoadCorpus().Where(e => e.Expect.Starts)];
        HashSet<string> accepted = [.. starts
            .Where(e => run.Answers[e.File].Status == (int)HttpStatusCode.Accepted)
            .Select(e => JsonDocument.Parse(run.Answers[e.File].Body).RootElement.GetProperty("executionId").GetString()!)];
        HashSet<string> startedTasks = [.. starts.Select(e => e.Path.Split('/')[2])];
        HashSet<string> keyedTasks = [.. starts.Where(e => e.Headers.ContainsKey("Idempotency-Key")).Select(e => e.Path.Split('/')[2])];

        (HttpResponseMessage catalog, _) = await host.Host.Http.SendAsync(HttpMethod.Get, "/tasks");

        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.Equal(starts.Count, accepted.Count);
        Assert.All(accepted, id => Assert.Contains(id, run.Instances));
        Assert.All(run.Instances, id => Assert.True(
            accepted.Contains(id)
            || ((id.StartsWith("slot:", StringComparison.Ordinal) || id.StartsWith("queue:", StringComparison.Ordinal)) && startedTasks.Contains(id.Split(':')[1]))
            || (id.StartsWith("key:", StringComparison.Ordinal) && keyedTasks.Contains(id.Split(':')[1])),
            $"instance {id} was created by a request that was not meant to start anything"));
    }
}

/// <summary>The corpus on the in-memory backend.</summary>
public sealed class InMemoryHostileCorpusTests(InMemoryHostileCorpusFixture host) : HostileCorpusScenarios(host), IClassFixture<InMemoryHostileCorpusFixture>;

/// <summary>The corpus on the Azure Storage provider, on a real Azurite.</summary>
public sealed class AzureStorageHostileCorpusTests(AzureStorageHostileCorpusFixture host) : HostileCorpusScenarios(host), IClassFixture<AzureStorageHostileCorpusFixture>;
