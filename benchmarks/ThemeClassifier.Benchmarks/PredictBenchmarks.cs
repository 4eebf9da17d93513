using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ThemeClassifier.Benchmarks;

/// <summary>A profile and a number of distinct posts to tag.</summary>
public sealed record Workload(Profile Profile, int Posts)
{
    public override string ToString() => $"{Profile}-{Posts}";
}

/// <summary>
/// Tagging distinct posts one <see cref="ThemeTagger.Predict"/> call at a time (the baseline) versus one
/// <see cref="ThemeTagger.PredictBatch"/> call and <see cref="ThemeTagger.PredictStreamAsync"/>. The default profile
/// runs at 1,000 posts only: a single default-profile <c>Predict</c> takes ~7 ms on a 2-core machine, so the
/// 10,000-post loop would take over a minute per iteration for the same ratio.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PredictBenchmarks
{
    private ThemeTagger _tagger = null!;
    private string[] _posts = [];

    public static IEnumerable<Workload> Workloads() =>
    [
        new(Profile.Fast, 1_000),
        new(Profile.Fast, 10_000),
        new(Profile.Default, 1_000),
    ];

    [ParamsSource(nameof(Workloads))]
    public Workload Case { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tagger = BenchData.Tagger(Case.Profile);
        _posts = BenchData.UniquePosts(Case.Posts);
        _tagger.PredictBatch(BenchData.UniquePosts(32, seed: 99));
    }

    [GlobalCleanup]
    public void Cleanup() => _tagger.Dispose();

    [Benchmark(Baseline = true, Description = "Predict in a loop")]
    public int PredictLoop()
    {
        var themes = 0;
        foreach (var post in _posts)
        {
            themes += _tagger.Predict(post).Themes.Count;
        }

        return themes;
    }

    [Benchmark(Description = "PredictBatch")]
    public int PredictBatch() => _tagger.PredictBatch(_posts).Sum(p => p.Themes.Count);

    [Benchmark(Description = "PredictStreamAsync")]
    public async Task<int> PredictStream()
    {
        var themes = 0;
        await foreach (var prediction in _tagger.PredictStreamAsync(_posts.ToAsyncEnumerable()))
        {
            themes += prediction.Themes.Count;
        }

        return themes;
    }
}
