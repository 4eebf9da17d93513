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

    [Fact]
    public void TransformOne_SpacesAndDroppedCharactersAtTokenEdges_EqualsMlNet()
    {
        // Tokens end at spaces after normalisation: empty tokens, punctuation-only tokens, stop words and unknown
        // terms between known ones, and characters the normaliser drops or folds at either edge of a token.
        var featurizer = NGramFeaturizer.Fit(Corpus, characterNGrams: false, seed: 1);
        AssertSameAsMlNet(featurizer, [
            "", " ", "   ", " safety", "safety ", "safety  culture", " psychological  safety ", "!!! safety", "safety ! culture", "safety !culture!",
            "don't", "can't stop", "the safety the culture", "xyzzy safety culture", "safety xyzzy culture", "Safety\u00A0Culture", "safety\tculture",
            "SAFETY CULTURE", "sáfety cúlture", "safety\u0301 culture", "\uD800safety", "safety\u200B culture", "🙌 safety 🙌 culture 🙌", "a", "the",
        ]);
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

    private static IEnumerable<string> VariedPosts(int count) => Features.VariedPosts.Generate(Corpus, count);
}
