using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ThemeClassifier.Benchmarks;

/// <summary>
/// What the opt-in int8 encoder buys end to end: one <see cref="ThemeTagger.PredictBatch"/> of the same 1,000 distinct
/// posts with the shipped default model (MiniLM in float, the baseline) and with the default profile trained with
/// <see cref="Encoding.EncoderKind.MiniLmInt8"/>. Single calls, as in <see cref="PredictDefaultBenchmarks"/>: a call
/// takes seconds. The accuracy side of the trade is in the README ("Twice the speed for a model trained with
/// minilm-int8").
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EncoderPrecisionBenchmarks
{
    private ThemeTagger _float = null!;
    private ThemeTagger _int8 = null!;
    private string[] _posts = [];

    [GlobalSetup]
    public void Setup()
    {
        _float = BenchData.Tagger(Profile.Default);
        _int8 = BenchData.Tagger(Profile.DefaultInt8);
        _posts = BenchData.UniquePosts(1_000);
        var warmUp = BenchData.UniquePosts(32, seed: 99);
        _float.PredictBatch(warmUp);
        _int8.PredictBatch(warmUp);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _float.Dispose();
        _int8.Dispose();
    }

    [Benchmark(Baseline = true, Description = "PredictBatch, default model (MiniLM)")]
    public int Float() => _float.PredictBatch(_posts).Sum(p => p.Themes.Count);

    [Benchmark(Description = "PredictBatch, default profile trained with minilm-int8")]
    public int Int8() => _int8.PredictBatch(_posts).Sum(p => p.Themes.Count);
}
