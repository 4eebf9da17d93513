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
        var gate = RelevanceGate.Train(rows, themed, seed: 1);
        var relevance = gate.Relevance(rows);
        Assert.All(relevance.Select((r, i) => (r, i)), x => Assert.Equal(themed[x.i], x.r >= gate.Threshold));
    }

    [Fact]
    public void Train_OnlyThemedPosts_LetsEveryPostThrough()
    {
        var gate = RelevanceGate.Train([[0.1f], [0.9f]], [true, true], seed: 1);
        Assert.Null(gate.Model);
        Assert.All(gate.Relevance([[0f], [1f]]), r => Assert.True(r >= gate.Threshold));
    }
}
