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
/// <see cref="ThemeTagger.PredictBatch"/> call and <see cref="ThemeTagger.PredictStreamAsync"/>: the fast profile at
/// 1,000 and 10,000 posts, with BenchmarkDotNet's throughput strategy (pilot, 15 measured iterations of several calls
/// each, upper outliers removed). A 1,000-post call takes ~10 ms, so single-shot samples on a shared machine would
/// be mostly noise. The default profile is <see cref="PredictDefaultBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class PredictBenchmarks : PredictWorkloads
{
    public static IEnumerable<Workload> Workloads() =>
    [
        new(Profile.Fast, 1_000),
        new(Profile.Fast, 10_000),
    ];

    [ParamsSource(nameof(Workloads))]
    public override Workload Case { get; set; } = null!;
}

/// <summary>
/// <see cref="PredictBenchmarks"/> for the default profile, at 1,000 posts, three single calls: a default-profile
/// <c>Predict</c> takes ~5 ms on a 2-core machine, so one call of the loop is seconds long, and 10,000 posts would take
/// over a minute per iteration for the same ratio.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class PredictDefaultBenchmarks : PredictWorkloads
{
    public static IEnumerable<Workload> Workloads() => [new(Profile.Default, 1_000)];

    [ParamsSource(nameof(Workloads))]
    public override Workload Case { get; set; } = null!;
}

/// <summary>The three ways of tagging a workload's posts.</summary>
public abstract class PredictWorkloads
{
    private ThemeTagger _tagger = null!;
    private string[] _posts = [];

    public abstract Workload Case { get; set; }

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
