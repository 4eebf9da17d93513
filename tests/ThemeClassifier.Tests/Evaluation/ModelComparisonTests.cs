using ThemeClassifier.Data;
using ThemeClassifier.Evaluation;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Tests.Evaluation;

public sealed class ModelComparisonTests
{
    private static readonly Codebook Codebook = new(
    [
        new Theme("a", "A", "a", [], []),
        new Theme("b", "B", "b", [], []),
    ]);

    private static readonly ThemePrediction Right = Prediction(0.9f, 0.1f);
    private static readonly ThemePrediction Wrong = Prediction(0.1f, 0.9f);

    [Theory]
    [InlineData(1, 6, 0.125)] // 2 × (1 + 7) / 2^7
    [InlineData(6, 1, 0.125)]
    [InlineData(0, 5, 0.0625)] // 2 × 1 / 2^5
    [InlineData(2, 8, 0.109375)] // 2 × (1 + 10 + 45) / 2^10
    [InlineData(0, 1, 1.0)] // 2 × ½, capped
    [InlineData(3, 3, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void McNemarExactP_SmallCounts_MatchesHandComputedBinomialTail(int b, int c, double expected)
    {
        Assert.Equal(expected, ModelComparison.McNemarExactP(b, c), 9);
    }

    [Fact]
    public void McNemarExactP_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelComparison.McNemarExactP(-1, 2));
    }

    [Fact]
    public void Compare_NewModelRightOnSixMoreButOneLess_CountsDisagreementsAndCallsItChance()
    {
        // 10 posts both get right, 1 only the baseline gets right, 6 only the new model, 3 neither; 2 no-theme posts.
        var (gold, baseline, candidate) = Posts(both: 10, baseOnly: 1, newOnly: 6, neither: 3, noTheme: 2);

        var comparison = ModelComparison.Compare(Codebook, gold, baseline, candidate);

        Assert.Equal(20, comparison.TopOnePosts);
        Assert.Equal(1, comparison.BaselineOnlyCorrect);
        Assert.Equal(6, comparison.CandidateOnlyCorrect);
        Assert.Equal(10, comparison.BothCorrect);
        Assert.Equal(3, comparison.BothWrong);
        Assert.Equal(0.125, comparison.McNemarP, 9);
        Assert.Equal(11.0 / 20, comparison.Baseline.Top1, 9);
        Assert.Equal(16.0 / 20, comparison.Candidate.Top1, 9);
        Assert.Equal(5.0 / 20, comparison.Top1Difference.Estimate, 9);
        Assert.Equal(ComparisonVerdict.NoClearDifference, comparison.Verdict);
        Assert.Equal(
            "The new model is better on top-1 (80.0% vs 55.0%, 5 fewer errors in 20 posts), but the difference is within chance (McNemar p = 0.125): keep either; no evidence it is better.",
            comparison.Summary);
    }

    [Fact]
    public void Compare_NewModelWrongOnSixItsBaselineGotRight_IsWorse()
    {
        var (gold, baseline, candidate) = Posts(both: 10, baseOnly: 6, newOnly: 0, neither: 0, noTheme: 0);

        var comparison = ModelComparison.Compare(Codebook, gold, baseline, candidate);

        Assert.Equal(2.0 / 64, comparison.McNemarP, 9);
        Assert.Equal(ComparisonVerdict.Worse, comparison.Verdict);
        Assert.Equal(
            "The new model is worse on top-1 (62.5% vs 100.0%, 6 more errors in 16 posts), and the difference is unlikely to be chance (McNemar p = 0.031): keep the baseline.",
            comparison.Summary);
        Assert.True(comparison.Top1Difference.Upper < 0, "every resample has the new model no better");
    }

    [Fact]
    public void Compare_NewModelRightOnSixMore_IsBetter()
    {
        var (gold, baseline, candidate) = Posts(both: 10, baseOnly: 0, newOnly: 6, neither: 4, noTheme: 0);

        var comparison = ModelComparison.Compare(Codebook, gold, baseline, candidate);

        Assert.Equal(ComparisonVerdict.Better, comparison.Verdict);
        Assert.EndsWith("(McNemar p = 0.031): use the new model.", comparison.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_SameCorrectCount_SaysKeepEither()
    {
        var (gold, baseline, candidate) = Posts(both: 5, baseOnly: 2, newOnly: 2, neither: 1, noTheme: 0);

        var comparison = ModelComparison.Compare(Codebook, gold, baseline, candidate);

        Assert.Equal(1.0, comparison.McNemarP, 9);
        Assert.Equal(ComparisonVerdict.NoClearDifference, comparison.Verdict);
        Assert.Equal(
            "The new model gets as many posts right on top-1 as the baseline (70.0%; they disagree on 4 of 10 posts, 2 each way; McNemar p = 1.00): keep either; no evidence it is better.",
            comparison.Summary);
    }

    [Fact]
    public void Compare_SameSeed_GivesSameIntervalsAroundTheEstimate()
    {
        var (gold, baseline, candidate) = Posts(both: 30, baseOnly: 4, newOnly: 9, neither: 7, noTheme: 5);

        var first = ModelComparison.Compare(Codebook, gold, baseline, candidate, bootstrapSamples: 500, seed: 7);
        var second = ModelComparison.Compare(Codebook, gold, baseline, candidate, bootstrapSamples: 500, seed: 7);

        Assert.Equal(first.Top1Difference, second.Top1Difference);
        Assert.Equal(first.MacroF1Difference, second.MacroF1Difference);
        Assert.InRange(first.Top1Difference.Estimate, first.Top1Difference.Lower, first.Top1Difference.Upper);
        Assert.InRange(first.MacroF1Difference.Estimate, first.MacroF1Difference.Lower, first.MacroF1Difference.Upper);
        Assert.True(first.Top1Difference.Lower < first.Top1Difference.Upper);
    }

    [Fact]
    public void Compare_PredictionsOfOtherLength_Throws()
    {
        var (gold, baseline, candidate) = Posts(both: 3, baseOnly: 0, newOnly: 0, neither: 0, noTheme: 0);

        Assert.Throws<ArgumentException>(() => ModelComparison.Compare(Codebook, gold, baseline, candidate.Take(2).ToArray()));
    }

    private static (IReadOnlyList<string>[] Gold, ThemePrediction[] Baseline, ThemePrediction[] Candidate) Posts(int both, int baseOnly, int newOnly, int neither, int noTheme)
    {
        var rows = Enumerable.Repeat((Right, Right), both)
            .Concat(Enumerable.Repeat((Right, Wrong), baseOnly))
            .Concat(Enumerable.Repeat((Wrong, Right), newOnly))
            .Concat(Enumerable.Repeat((Wrong, Wrong), neither))
            .ToArray();
        IReadOnlyList<string>[] gold = [.. rows.Select(_ => (IReadOnlyList<string>)["a"]), .. Enumerable.Repeat<IReadOnlyList<string>>([], noTheme)];
        var none = Prediction(0.1f, 0.1f);
        return (gold, [.. rows.Select(r => r.Item1), .. Enumerable.Repeat(none, noTheme)], [.. rows.Select(r => r.Item2), .. Enumerable.Repeat(none, noTheme)]);
    }

    private static ThemePrediction Prediction(params float[] p) =>
        new(Codebook.Ids.Select((id, t) => new ThemeScore(id, p[t], 0.5f)).ToArray(), maxThemes: 3, relevance: p.Max() >= 0.5f ? 1 : 0, relevanceThreshold: 0.5f);
}
