using ThemeClassifier.Features;

namespace ThemeClassifier.Tests.Features;

public sealed class PairFeaturesTests
{
    [Fact]
    public void RawCount_EveryFeatureSetAndEncoderCount_MatchesTheNames()
    {
        for (var set = 1; set <= (int)FeatureSet.All; set++)
        {
            for (var encoders = 0; encoders <= 2; encoders++)
            {
                var names = PairFeatures.RawNames((FeatureSet)set, Enumerable.Range(0, encoders).Select(e => "e" + e).ToArray());
                Assert.Equal(names.Length, PairFeatures.RawCount((FeatureSet)set, encoders));
            }
        }
    }

    [Fact]
    public void Names_AreRawThenCentred()
    {
        var names = PairFeatures.Names(FeatureSet.All, ["MiniLm"]);
        Assert.Equal(2 * PairFeatures.RawCount(FeatureSet.All, 1), names.Length);
        Assert.Equal("MiniLm.definition", names[0]);
        Assert.Equal("MiniLm.definition.centred", names[names.Length / 2]);
    }
}

public sealed class ThemeReferencesTests
{
    private static readonly ThemeReferences References = new(
        [], [], [], themeCount: 3,
        keywords: [["psychological safety", "safe", "speak up"], ["safety", "time"], ["time", "protected time"]],
        definitionVectors: [], anchorVectors: [], exampleVectors: [],
        definitionNGrams: [SparseVector.Empty, SparseVector.Empty, SparseVector.Empty], exampleNGrams: [],
        exclusionVectors: [], exclusionNGrams: [SparseVector.Empty, SparseVector.Empty, SparseVector.Empty]);

    [Theory]
    [InlineData("we need psychological safety", new[] { 1, 0, 0 })]
    [InlineData("feeling safer to speak up", new[] { 2, 0, 0 })]
    [InlineData("unsafe", new[] { 0, 0, 0 })]
    [InlineData("safety first, protected time and time again", new[] { 0, 2, 2 })]
    [InlineData("overtime sometimes", new[] { 0, 0, 0 })]
    [InlineData("", new[] { 0, 0, 0 })]
    public void KeywordCounts_WordStartMatchesLongestFirst(string text, int[] expected)
    {
        var counts = new int[3];
        References.KeywordCounts(text, counts, new bool[References.KeywordCount]);
        Assert.Equal(expected, counts);
    }

    [Fact]
    public void KeywordCounts_VariedPostsAndOddPhrases_EqualsReference()
    {
        // The codebook's phrases (lower case, as a tagger gets them), and phrases that take the search's other paths:
        // one character long, a non-ASCII first or second character, a surrogate pair, punctuation, prefixes of others.
        var data = ThemeClassifier.Data.TrainingData.LoadDirectory(Repo.TrainingData);
        string[][] keywords =
        [
            .. data.Codebook.Themes.Select(t => t.Keywords.Select(k => k.ToLowerInvariant()).ToArray()),
            ["a", "é", "x", "1"],
            ["über", "ölçü", "中文", "🙌", "cé", "naïve", "e\u0301"],
            ["24|7", "a&e", "covid-19", "#qihour", "q1:", "safe", "safety", "psychological safety", "s"],
        ];
        var refs = new ThemeReferences(
            [], [], [], keywords.Length, keywords, [], [], [], [.. keywords.Select(_ => SparseVector.Empty)], [], [], [.. keywords.Select(_ => SparseVector.Empty)]);
        string[] odd =
        [
            "", "a", "é", "x", "s", " s", "s ", "1", "ü", "übe", "über", "überall", "中", "中文", "🙌", "🙌🙌", "c", "cé", "cée", "naïve café",
            "e\u0301", "24|7", "a&e", "covid-19x", "#qihour", "q1:", "safety, safe and psychological safety", "unsafe", "xa", "a x é 1 s",
        ];
        var texts = VariedPosts.Generate([.. data.Posts.Select(p => p.Text), .. odd], 5000).Select(t => t.ToLowerInvariant()).Concat(odd);
        var counts = new int[keywords.Length];
        var seen = new bool[refs.KeywordCount];
        var compared = 0;
        foreach (var text in texts)
        {
            refs.KeywordCounts(text, counts, seen);
            Assert.True(ReferencePairFeatures.KeywordCounts(keywords, text).SequenceEqual(counts), $"keyword counts differ for \"{text}\"");
            compared++;
        }

        Assert.True(compared > 5000);
    }

    [Fact]
    public void MatchedKeywords_ListsEachPhraseOnceInOrder()
    {
        var matched = References.MatchedKeywords("time to speak up, time to be safe");
        Assert.Equal(["speak up", "safe"], matched[0]);
        Assert.Equal(["time"], matched[1]);
        Assert.Equal(["time"], matched[2]);
    }
}
