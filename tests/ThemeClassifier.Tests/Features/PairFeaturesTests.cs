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
    public void MatchedKeywords_ListsEachPhraseOnceInOrder()
    {
        var matched = References.MatchedKeywords("time to speak up, time to be safe");
        Assert.Equal(["speak up", "safe"], matched[0]);
        Assert.Equal(["time"], matched[1]);
        Assert.Equal(["time"], matched[2]);
    }
}
