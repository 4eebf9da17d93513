using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ThemeClassifier.Benchmarks;

/// <summary>
/// A retweet-heavy chat stream: 60% of the posts are retweets ("RT @handle: ...") of earlier posts, mostly recent
/// ones, as in real tweetchats. The baseline is a stream of the same length with no repeats, tagged through the same
/// API, so the Ratio column is what the repeats save.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RetweetStreamBenchmarks
{
    private ThemeTagger _tagger = null!;
    private string[] _unique = [];
    private string[] _retweets = [];

    public static IEnumerable<Workload> Workloads() => [new(Profile.Fast, 10_000), new(Profile.Default, 1_000)];

    [ParamsSource(nameof(Workloads))]
    public Workload Case { get; set; } = null!;

    [Params("PredictBatch", "PredictStreamAsync")]
    public string Api { get; set; } = "PredictBatch";

    [GlobalSetup]
    public void Setup()
    {
        _tagger = BenchData.Tagger(Case.Profile);
        _unique = BenchData.RetweetStream(Case.Posts, 0.0);
        _retweets = BenchData.RetweetStream(Case.Posts, 0.6);
        _tagger.PredictBatch(BenchData.UniquePosts(32, seed: 99));
    }

    [GlobalCleanup]
    public void Cleanup() => _tagger.Dispose();

    [Benchmark(Baseline = true, Description = "No repeats")]
    public Task<int> Unique() => Tag(_unique);

    [Benchmark(Description = "60% retweets")]
    public Task<int> Retweets() => Tag(_retweets);

    private async Task<int> Tag(string[] posts)
    {
        if (Api == "PredictBatch")
        {
            return _tagger.PredictBatch(posts).Sum(p => p.Themes.Count);
        }

        var themes = 0;
        await foreach (var prediction in _tagger.PredictStreamAsync(posts.ToAsyncEnumerable()))
        {
            themes += prediction.Themes.Count;
        }

        return themes;
    }
}
