using ThemeClassifier.Prediction;
using ThemeClassifier.Training;

namespace ThemeClassifier.Tests.Training;

/// <summary>The no-theme decision: a gate first, then the best theme and any other that passes its threshold.</summary>
public sealed class RelevanceGateTests
{
    private static readonly ThemeScore[] Scores = [new("a", 0.2f, 0.5f), new("b", 0.6f, 0.5f), new("c", 0.55f, 0.5f), new("d", 0.1f, 0.5f)];

    [Fact]
    public void Prediction_BelowTheGate_GetsNoTheme()
    {
        var p = new ThemePrediction(Scores, maxThemes: 3, relevance: 0.3f, relevanceThreshold: 0.4f);
        Assert.Empty(p.Themes);
        Assert.Equal("b", p.TopTheme);
        Assert.Equal(0.3f, p.Relevance);
    }

    [Fact]
    public void Prediction_AboveTheGate_GetsTheBestThemeEvenBelowItsThreshold_AndOthersThatPass()
    {
        ThemeScore[] low = [new("a", 0.2f, 0.5f), new("b", 0.3f, 0.5f), new("c", 0.1f, 0.5f)];
        Assert.Equal(["b"], new ThemePrediction(low, 3, relevance: 0.9f, relevanceThreshold: 0.4f).Themes);
        Assert.Equal(["b", "c"], new ThemePrediction(Scores, 3, 0.9f, 0.4f).Themes);
        Assert.Equal(["b"], new ThemePrediction(Scores, 1, 0.9f, 0.4f).Themes);
    }

    [Fact]
    public void Train_SeparableRows_LearnsAThresholdThatSeparatesThem()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new[] { i < 20 ? 0.1f + (i * 0.01f) : 0.7f + (i * 0.005f), 0.5f }).ToArray();
        var themed = rows.Select((_, i) => i >= 20).ToArray();
        var gate = RelevanceGate.Train(rows, themed, missedThemeCost: 1, seed: 1);
        var relevance = gate.Relevance(rows);
        Assert.All(relevance.Select((r, i) => (r, i)), x => Assert.Equal(themed[x.i], x.r >= gate.Threshold));
    }

    [Fact]
    public void Train_OnlyThemedPosts_LetsEveryPostThrough()
    {
        var gate = RelevanceGate.Train([[0.1f], [0.9f]], [true, true], missedThemeCost: 1, seed: 1);
        Assert.Null(gate.Model);
        Assert.All(gate.Relevance([[0f], [1f]]), r => Assert.True(r >= gate.Threshold));
    }

    [Fact]
    public void Train_HigherMissedThemeCost_LowersTheThresholdSoFewerThemedPostsAreLeftUntagged()
    {
        // Overlapping classes: no threshold separates them, so the cost decides where the errors fall.
        var rows = Enumerable.Range(0, 60).Select(i => new[] { (i % 30) / 30f, 0.5f }).ToArray();
        var themed = rows.Select((r, i) => i < 30 ? r[0] >= 0.2f : r[0] >= 0.6f).ToArray();
        var balanced = RelevanceGate.Train(rows, themed, missedThemeCost: 1, seed: 1);
        var costly = RelevanceGate.Train(rows, themed, missedThemeCost: 5, seed: 1);
        int Missed(RelevanceGate g) => g.Relevance(rows).Where((r, i) => themed[i] && r < g.Threshold).Count();
        Assert.True(costly.Threshold < balanced.Threshold, $"{costly.Threshold} vs {balanced.Threshold}");
        Assert.True(Missed(costly) < Missed(balanced));
        Assert.Equal(costly.Threshold, RelevanceGate.Train(rows, themed, missedThemeCost: 5, seed: 1).Threshold);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_MissedThemeCostOutOfRange_ThrowsNamingIt(double cost)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TrainingOptions { MissedThemeCost = cost }.Validate());
        Assert.Equal(nameof(TrainingOptions.MissedThemeCost), ex.ParamName);
    }
}
