using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using ThemeClassifier.Data;
using ThemeClassifier.Model;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Evaluation;

/// <summary>What a paired comparison says about the new model against the baseline.</summary>
public enum ComparisonVerdict
{
    /// <summary>The new model gets more posts right on top-1, and McNemar's test says that is unlikely to be chance.</summary>
    Better,

    /// <summary>The new model gets fewer posts right on top-1, and McNemar's test says that is unlikely to be chance.</summary>
    Worse,

    /// <summary>The difference in top-1 is within chance (or there is none): no evidence either way.</summary>
    NoClearDifference,
}

/// <summary>A difference between the new model and the baseline (new minus baseline), with a bootstrap interval.</summary>
/// <param name="Estimate">The difference on the posts as they are.</param>
/// <param name="Lower">2.5th percentile of the difference over bootstrap resamples of the posts.</param>
/// <param name="Upper">97.5th percentile of the difference over bootstrap resamples of the posts.</param>
public sealed record DifferenceInterval(double Estimate, double Lower, double Upper);

/// <summary>
/// Two models scored on the same labelled posts, and a paired test of whether the new one is better: McNemar's exact
/// test on top-1 correctness, and paired bootstrap 95% intervals of the top-1 and macro-F1 differences.
/// </summary>
public sealed class ModelComparison
{
    /// <summary>The p-value below which a difference is called unlikely to be chance.</summary>
    public const double SignificanceLevel = 0.05;

    /// <summary>Bootstrap resamples drawn by default.</summary>
    public const int DefaultBootstrapSamples = 2000;

    /// <summary>The bootstrap's default random seed: the same posts and predictions give the same intervals.</summary>
    public const int DefaultSeed = 42;

    /// <summary>The baseline's figures (the model the new one would replace).</summary>
    public required EvaluationReport Baseline { get; init; }

    /// <summary>The new model's figures.</summary>
    public required EvaluationReport Candidate { get; init; }

    /// <summary>Posts with gold themes: those top-1 and McNemar's test are counted on.</summary>
    public required int TopOnePosts { get; init; }

    /// <summary>Posts whose top-1 both models get right.</summary>
    public required int BothCorrect { get; init; }

    /// <summary>Posts whose top-1 both models get wrong.</summary>
    public required int BothWrong { get; init; }

    /// <summary>McNemar's b: posts whose top-1 the baseline gets right and the new model wrong.</summary>
    public required int BaselineOnlyCorrect { get; init; }

    /// <summary>McNemar's c: posts whose top-1 the new model gets right and the baseline wrong.</summary>
    public required int CandidateOnlyCorrect { get; init; }

    /// <summary>Two-sided p-value of McNemar's exact (binomial) test on <see cref="BaselineOnlyCorrect"/> and <see cref="CandidateOnlyCorrect"/>.</summary>
    public required double McNemarP { get; init; }

    /// <summary>New minus baseline top-1, with its paired bootstrap interval.</summary>
    public required DifferenceInterval Top1Difference { get; init; }

    /// <summary>New minus baseline macro-F1, with its paired bootstrap interval.</summary>
    public required DifferenceInterval MacroF1Difference { get; init; }

    /// <summary>Bootstrap resamples drawn.</summary>
    public required int BootstrapSamples { get; init; }

    /// <summary>The bootstrap's random seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Better, worse, or no clear difference on top-1.</summary>
    [JsonConverter(typeof(StringEnumConverter))]
    public required ComparisonVerdict Verdict { get; init; }

    /// <summary>The verdict in one plain sentence, for an analyst.</summary>
    public required string Summary { get; init; }

    /// <summary>The comparison as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonConvert.SerializeObject(this, Formatting.Indented);

    /// <summary>Scores both models on the same labelled posts and compares them.</summary>
    /// <param name="baseline">The model the new one would replace.</param>
    /// <param name="candidate">The new model.</param>
    /// <param name="labelled">Posts neither model was trained on, with their human coding.</param>
    /// <param name="cancellationToken">Stops the predictions.</param>
    /// <exception cref="CodebookMismatchException">The models have different codebooks, or the posts use a theme they do not know.</exception>
    /// <returns>The comparison, with its verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="baseline"/>, <paramref name="candidate"/> or <paramref name="labelled"/> is null.</exception>
    public static ModelComparison Compare(ThemeTagger baseline, ThemeTagger candidate, IReadOnlyList<CodedPost> labelled, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(labelled);
        candidate.EnsureCodebook(baseline.Codebook);
        var unknown = labelled.SelectMany(p => p.Themes).Where(t => !baseline.Codebook.Contains(t)).Distinct().ToArray();
        if (unknown.Length > 0)
        {
            throw new CodebookMismatchException($"The data uses theme ids the models do not know: {string.Join(", ", unknown)}.");
        }

        var texts = labelled.Select(p => p.Text).ToArray();
        return Compare(
            baseline.Codebook,
            labelled.Select(p => p.Themes).ToArray(),
            baseline.PredictBatch(texts, cancellationToken),
            candidate.PredictBatch(texts, cancellationToken));
    }

    /// <summary>Compares two models' predictions for the same posts, post by post.</summary>
    /// <param name="codebook">The themes.</param>
    /// <param name="gold">Each post's gold theme ids, most central first (empty: no theme).</param>
    /// <param name="baseline">The baseline's prediction for each post, same order.</param>
    /// <param name="candidate">The new model's prediction for each post, same order.</param>
    /// <param name="bootstrapSamples">Bootstrap resamples for the intervals.</param>
    /// <param name="seed">The bootstrap's random seed.</param>
    internal static ModelComparison Compare(
        Codebook codebook,
        IReadOnlyList<IReadOnlyList<string>> gold,
        IReadOnlyList<ThemePrediction> baseline,
        IReadOnlyList<ThemePrediction> candidate,
        int bootstrapSamples = DefaultBootstrapSamples,
        int seed = DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentOutOfRangeException.ThrowIfLessThan(bootstrapSamples, 1);
        if (baseline.Count != gold.Count || candidate.Count != gold.Count)
        {
            throw new ArgumentException("Gold and the two models' predictions differ in length.", nameof(candidate));
        }

        var baseReport = Metrics.Compute(codebook, gold, baseline);
        var newReport = Metrics.Compute(codebook, gold, candidate);
        int topOnePosts = 0, both = 0, neither = 0, b = 0, c = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            if (gold[i].Count == 0)
            {
                continue;
            }

            topOnePosts++;
            var baseRight = gold[i].Contains(baseline[i].TopTheme);
            var newRight = gold[i].Contains(candidate[i].TopTheme);
            both += baseRight && newRight ? 1 : 0;
            neither += !baseRight && !newRight ? 1 : 0;
            b += baseRight && !newRight ? 1 : 0;
            c += newRight && !baseRight ? 1 : 0;
        }

        var (top1, macroF1) = Bootstrap(codebook, gold, baseline, candidate, bootstrapSamples, seed);
        var p = McNemarExactP(b, c);
        var verdict = p >= SignificanceLevel || b == c ? ComparisonVerdict.NoClearDifference
            : c > b ? ComparisonVerdict.Better
            : ComparisonVerdict.Worse;
        return new ModelComparison
        {
            Baseline = baseReport,
            Candidate = newReport,
            TopOnePosts = topOnePosts,
            BothCorrect = both,
            BothWrong = neither,
            BaselineOnlyCorrect = b,
            CandidateOnlyCorrect = c,
            McNemarP = p,
            Top1Difference = new DifferenceInterval(newReport.Top1 - baseReport.Top1, top1.Lower, top1.Upper),
            MacroF1Difference = new DifferenceInterval(newReport.MacroF1 - baseReport.MacroF1, macroF1.Lower, macroF1.Upper),
            BootstrapSamples = bootstrapSamples,
            Seed = seed,
            Verdict = verdict,
            Summary = Describe(verdict, baseReport.Top1, newReport.Top1, b, c, topOnePosts, p),
        };
    }

    /// <summary>
    /// Two-sided p-value of McNemar's exact test: under "both models are equally good", each of the b + c posts
    /// they disagree on is equally likely to go either way, so min(b, c) is Binomial(b + c, ½); the p-value is twice
    /// its lower tail, at most 1.
    /// </summary>
    /// <param name="b">Posts only the first model gets right.</param>
    /// <param name="c">Posts only the second model gets right.</param>
    internal static double McNemarExactP(int b, int c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        return b + c == 0 ? 1 : Math.Min(1, 2 * Binomial.CDF(0.5, b + c, Math.Min(b, c)));
    }

    private static ((double Lower, double Upper) Top1, (double Lower, double Upper) MacroF1) Bootstrap(
        Codebook codebook,
        IReadOnlyList<IReadOnlyList<string>> gold,
        IReadOnlyList<ThemePrediction> baseline,
        IReadOnlyList<ThemePrediction> candidate,
        int samples,
        int seed)
    {
        var random = new Random(seed);
        var top1 = new double[samples];
        var macroF1 = new double[samples];
        var n = gold.Count;
        var g = new IReadOnlyList<string>[n];
        var pb = new ThemePrediction[n];
        var pc = new ThemePrediction[n];
        for (var s = 0; s < samples; s++)
        {
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                g[i] = gold[k];
                pb[i] = baseline[k];
                pc[i] = candidate[k];
            }

            var rb = Metrics.Compute(codebook, g, pb);
            var rc = Metrics.Compute(codebook, g, pc);
            top1[s] = rc.Top1 - rb.Top1;
            macroF1[s] = rc.MacroF1 - rb.MacroF1;
        }

        return (Interval(top1), Interval(macroF1));
    }

    private static (double Lower, double Upper) Interval(double[] values)
    {
        Array.Sort(values);
        return (SortedArrayStatistics.Quantile(values, 0.025), SortedArrayStatistics.Quantile(values, 0.975));
    }

    private static string Describe(ComparisonVerdict verdict, double baseTop1, double newTop1, int b, int c, int posts, double p)
    {
        var pText = string.Create(CultureInfo.InvariantCulture, $"McNemar p = {(p < 0.001 ? "< 0.001" : p.ToString("0.00#", CultureInfo.InvariantCulture))}");
        string Pct(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        var errors = Math.Abs(b - c);
        var errorWord = errors == 1 ? "error" : "errors";
        if (b == c)
        {
            return $"The new model gets as many posts right on top-1 as the baseline ({Pct(newTop1)}; they disagree on {b + c} of {posts} posts, {b} each way; {pText}): keep either; no evidence it is better.";
        }

        var direction = c > b ? "better" : "worse";
        var figures = $"({Pct(newTop1)} vs {Pct(baseTop1)}, {errors} {(c > b ? "fewer" : "more")} {errorWord} in {posts} posts)";
        return verdict switch
        {
            ComparisonVerdict.Better => $"The new model is better on top-1 {figures}, and the difference is unlikely to be chance ({pText}): use the new model.",
            ComparisonVerdict.Worse => $"The new model is worse on top-1 {figures}, and the difference is unlikely to be chance ({pText}): keep the baseline.",
            _ => $"The new model is {direction} on top-1 {figures}, but the difference is within chance ({pText}): keep either; no evidence it is better.",
        };
    }
}
