using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Tests.Evaluation;

public sealed class MetricsTests
{
    private static readonly Codebook Codebook = new(
    [
        new Theme("a", "A", "a", [], []),
        new Theme("b", "B", "b", [], []),
        new Theme("c", "C", "c", [], []),
    ]);

    [Fact]
    public void Compute_HandWorkedExample_GivesExpectedFigures()
    {
        IReadOnlyList<string>[] gold = [["a"], ["b", "c"], ["c"], []];
        ThemePrediction[] predicted =
        [
            Prediction(0.9f, 0.2f, 0.1f), // a passes: correct top-1
            Prediction(0.1f, 0.3f, 0.8f), // c passes: top-1 c is gold; b missed
            Prediction(0.6f, 0.1f, 0.4f), // a passes wrongly; c second (top-3 hit, top-1 miss)
            Prediction(0.2f, 0.1f, 0.1f), // nothing passes: no-theme correct
        ];

        var report = Metrics.Compute(Codebook, gold, predicted);

        Assert.Equal(4, report.Count);
        Assert.Equal(2.0 / 3, report.Top1, 6);
        Assert.Equal(1.0, report.Top3, 6);
        Assert.Equal(1, report.NoThemeCount);
        Assert.Equal(1, report.NoThemeCorrect);

        // a: tp 1, fp 1 -> P 0.5 R 1 F1 2/3; b: tp 0 fn 1 -> 0; c: tp 1, fn 1 -> P 1 R 0.5 F1 2/3.
        Assert.Equal(2.0 / 3, report.PerTheme[0].F1, 6);
        Assert.Equal(0, report.PerTheme[1].F1, 6);
        Assert.Equal(2.0 / 3, report.PerTheme[2].F1, 6);
        Assert.Equal(4.0 / 9, report.MacroF1, 6);
        Assert.Equal(2.0 * 2 / ((2 * 2) + 1 + 2), report.MicroF1, 6);

        // confusion [gold primary][first decided]: a->a, b->c, c->a, none->none
        Assert.Equal(1, report.Confusion[0][0]);
        Assert.Equal(1, report.Confusion[1][2]);
        Assert.Equal(1, report.Confusion[2][0]);
        Assert.Equal(1, report.Confusion[3][3]);
    }

    [Fact]
    public void CohensKappa_PerfectAgreement_IsOne()
    {
        Assert.Equal(1.0, Metrics.CohensKappa([[3, 0], [0, 5]]), 6);
    }

    [Fact]
    public void CohensKappa_ChanceAgreement_IsZero()
    {
        Assert.Equal(0.0, Metrics.CohensKappa([[1, 1], [1, 1]]), 6);
    }

    private static ThemePrediction Prediction(params float[] p) =>
        new(Codebook.Ids.Select((id, t) => new ThemeScore(id, p[t], 0.5f)).ToArray(), maxThemes: 3, relevance: p.Max() >= 0.5f ? 1 : 0, relevanceThreshold: 0.5f);
}
