using ThemeClassifier.Prediction;

namespace ThemeClassifier.Tests.Prediction;

public sealed class ThemePredictionTests
{
    private static readonly ThemeScore[] InCodebookOrder =
    [
        new("a", 0.2f, 0.5f), new("b", 0.7f, 0.5f), new("c", 0.7f, 0.6f), new("d", 0.9f, 0.95f), new("e", float.NaN, 0.5f),
    ];

    [Fact]
    public void Scores_BestFirstTiesInCodebookOrder_AndAgreeWithTopThemeAndProbabilityOf()
    {
        var prediction = new ThemePrediction(InCodebookOrder, maxThemes: 3, relevance: 0.9f, relevanceThreshold: 0.4f);
        Assert.Equal(["d", "b", "c", "a", "e"], prediction.Scores.Select(s => s.ThemeId));
        Assert.Equal(InCodebookOrder.OrderByDescending(s => s.Probability).Select(s => s), prediction.Scores);
        Assert.Equal("d", prediction.TopTheme);
        Assert.Equal(["d", "b", "c"], prediction.Themes);
        foreach (var score in InCodebookOrder)
        {
            Assert.Equal(score.Probability, prediction.ProbabilityOf(score.ThemeId));
        }

        Assert.Throws<KeyNotFoundException>(() => prediction.ProbabilityOf("x"));
    }

    [Fact]
    public void Scores_ReadAgainOrFromManyThreads_AreOneInstance()
    {
        var prediction = new ThemePrediction(InCodebookOrder, maxThemes: 3, relevance: 0.9f, relevanceThreshold: 0.4f);
        var seen = new IReadOnlyList<ThemeScore>[64];
        Parallel.For(0, seen.Length, i => seen[i] = prediction.Scores);
        Assert.All(seen, s => Assert.Same(prediction.Scores, s));
    }
}
