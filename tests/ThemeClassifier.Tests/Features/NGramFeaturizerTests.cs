using System.Text;
using ThemeClassifier.Data;
using ThemeClassifier.Features;

namespace ThemeClassifier.Tests.Features;

/// <summary>The featurizer's own word n-grams against ML.NET's prediction engine, the reference it replaces at inference: identical slots and values.</summary>
public sealed class NGramFeaturizerTests
{
    private static readonly string[] Corpus = CorpusTexts();

    [Fact]
    public void TransformOne_VariedPosts_EqualsMlNet()
    {
        var featurizer = NGramFeaturizer.Fit(Corpus, characterNGrams: false, seed: 1);
        AssertSameAsMlNet(featurizer, VariedPosts(4000));
    }

    [Fact]
    public void TransformOne_AfterSaveAndLoad_EqualsMlNet()
    {
        using var stream = new MemoryStream();
        NGramFeaturizer.Fit(Corpus, characterNGrams: false, seed: 1).Save(stream);
        stream.Position = 0;
        AssertSameAsMlNet(NGramFeaturizer.Load(stream, seed: 1), VariedPosts(1000));
    }

    [Fact]
    public void TransformOne_TermsContainingTheSlotSeparator_EqualsMlNet()
    {
        // ML.NET names a bigram's slot "first|second", and '|' is not punctuation, so a term may contain it too.
        string[] corpus = [.. Corpus, "open 24|7 and care|quality here", "24 7 care quality", "a|b c and a b|c", "x | y"];
        var featurizer = NGramFeaturizer.Fit(corpus, characterNGrams: false, seed: 1);
        AssertSameAsMlNet(featurizer, ["24|7", "24 7", "care|quality", "care quality", "a|b c", "a b|c", "a b c", "x | y", "x y", "|", "||"]);
    }

    private static void AssertSameAsMlNet(NGramFeaturizer featurizer, IEnumerable<string> posts)
    {
        var compared = 0;
        foreach (var post in posts)
        {
            var expected = featurizer.TransformThroughEngine(post);
            var actual = featurizer.TransformOne(post);
            Assert.True(expected.Indices.SequenceEqual(actual.Indices), $"slots differ for \"{post}\": [{string.Join(',', expected.Indices)}] vs [{string.Join(',', actual.Indices)}]");
            for (var k = 0; k < expected.Values.Length; k++)
            {
                Assert.True(expected.Values[k] == actual.Values[k], $"value {k} differs for \"{post}\": {expected.Values[k]} vs {actual.Values[k]}");
            }

            compared++;
        }

        Assert.True(compared > 0);
    }

    private static string[] CorpusTexts()
    {
        var data = TrainingData.LoadDirectory(Repo.TrainingData);
        return [.. data.Posts.Select(p => TextNormalizer.Normalize(p.Text)), .. data.Codebook.Themes.Select(ThemeReferences.NGramText)];
    }

    /// <summary>Corpus texts spliced and varied: raw and normalised, case, emoji, punctuation, diacritics, invalid UTF-16, very long, empty.</summary>
    private static IEnumerable<string> VariedPosts(int count)
    {
        var random = new Random(7);
        string[] extras =
        [
            "", " ", "🙌", "😀👍🏽", "#QIHour", "#PatientSafety", "https://t.co/abc123", "@someone:", "RT @x:", "don't", "can't!!!", "...", "—", "«quoted»",
            "“curly”", "naïve café", "CAFÉ", "İstanbul", "ΆΈΉ", "Ёлка", "e\u0301", "\uD800", "\uDC00x", "\uFFFD", "a|b", "24|7", "\t", "\u00A0", "100%", "3.5",
            "£20k", "A&E", "COVID-19", "NHS’s", "QI-Hour", "we", "our", "not", "together", "the", "and", "RT", "amp", "&amp;", "ǅ", "ß", "ﬁ", "Σ",
        ];
        for (var i = 0; i < count; i++)
        {
            var a = Corpus[random.Next(Corpus.Length)].Split(' ');
            var b = Corpus[random.Next(Corpus.Length)].Split(' ');
            var words = a.Take(random.Next(a.Length + 1)).Concat(b.Skip(random.Next(b.Length + 1))).ToList();
            for (var e = random.Next(4); e > 0; e--)
            {
                words.Insert(random.Next(words.Count + 1), extras[random.Next(extras.Length)]);
            }

            var text = string.Join(random.Next(5) == 0 ? "  " : " ", words);
            text = (i % 4) switch
            {
                0 => text.ToUpperInvariant(),
                1 => TextNormalizer.Normalize(text),
                2 => new string([.. text.Select(c => random.Next(3) == 0 ? char.ToUpperInvariant(c) : c)]),
                _ => text,
            };
            yield return i % 500 == 0 ? new StringBuilder().Insert(0, text + " ", 60).ToString() : text;
        }
    }
}
