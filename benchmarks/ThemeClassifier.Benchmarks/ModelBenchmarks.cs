using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ThemeClassifier.Benchmarks;

/// <summary>
/// Loading a saved model (the first thing every process does) and training one on <c>training-data/</c>, per
/// profile. Loading the default profile includes creating the encoder's ONNX session.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ModelBenchmarks
{
    private string _modelPath = string.Empty;

    [Params(Profile.Fast, Profile.Default)]
    public Profile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _modelPath = BenchData.ModelPath(Profile);
        _ = BenchData.Training;
    }

    [Benchmark(Baseline = true, Description = "Load saved model")]
    public int Load()
    {
        using var tagger = ThemeTagger.Load(_modelPath);
        return tagger.Codebook.Themes.Count;
    }

    [Benchmark(Description = "Train on training-data/")]
    public int Train()
    {
        using var tagger = ThemeTagger.Train(BenchData.Training, BenchData.Options(Profile));
        return tagger.Codebook.Themes.Count;
    }
}
