using Newtonsoft.Json;
using ThemeClassifier.Data;
using ThemeClassifier.Training;

namespace ThemeClassifier.Evaluation;

/// <summary>
/// How accuracy grows with the number of hand-coded posts: the training procedure run on growing shares of the
/// data and scored on held-out folds, so an analyst can see whether coding more posts is worth it.
/// </summary>
public sealed class LearningCurve
{
    /// <summary>Cross-validation folds; each fold is held out while the others train.</summary>
    public required int Folds { get; init; }

    /// <summary>Repeats with reshuffled folds and orders; the spread is over these.</summary>
    public required int Repeats { get; init; }

    /// <summary>One point per training share, fewest posts first.</summary>
    public required IReadOnlyList<LearningCurvePoint> Points { get; init; }

    /// <summary>
    /// Computes the curve: in each of <see cref="TrainingOptions.Repeats"/> repeats, each fold is held out in
    /// turn and the full training procedure (cross-validated thresholds and relevance gate included, with one inner
    /// repeat) runs on 1/<paramref name="points"/>, 2/<paramref name="points"/> … all of the other folds' posts.
    /// A fixed trainer (not <see cref="TrainerKind.Auto"/>) keeps it fast.
    /// </summary>
    /// <param name="data">The hand-coded posts.</param>
    /// <param name="options">Training options; <see langword="null"/> for the defaults.</param>
    /// <param name="points">How many training shares (at least 2).</param>
    /// <param name="external">
    /// Labelled posts from elsewhere (never trained on) that every model of the curve is also scored on; may be
    /// <see langword="null"/>. Theme ids must be in the data's codebook.
    /// </param>
    /// <param name="progress">Receives one line per step; may be <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the computation.</param>
    /// <returns>The curve: one point per training share, with the spread over repeats.</returns>
    public static LearningCurve Compute(
        TrainingData data, TrainingOptions? options = null, int points = 5, IReadOnlyList<CodedPost>? external = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        options ??= new TrainingOptions();
        options.Validate();
        return ThemeTrainer.LearningCurve(data, options, points, external, progress, cancellationToken);
    }

    /// <summary>The curve as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonConvert.SerializeObject(this, Formatting.Indented);
}

/// <summary>One point of the curve.</summary>
/// <param name="TrainingPosts">Posts trained on (mean over folds).</param>
/// <param name="CrossValidated">Figures on the held-out fold (each repeat pooled over folds; spread over repeats).</param>
/// <param name="External">Figures on the external posts (spread over every model of the point), or null.</param>
public sealed record LearningCurvePoint(double TrainingPosts, CurveFigures CrossValidated, CurveFigures? External);

/// <summary>Figures of the models of one point: means and standard deviations.</summary>
/// <param name="Top1">Top-1 of the themed posts.</param>
/// <param name="Top1StdDev">Its standard deviation.</param>
/// <param name="Top3">Top-3 hit.</param>
/// <param name="MacroF1">Macro-F1 of the decided themes.</param>
/// <param name="MacroF1StdDev">Its standard deviation.</param>
/// <param name="NoThemeCorrect">Share of the theme-less posts given no theme.</param>
public sealed record CurveFigures(double Top1, double Top1StdDev, double Top3, double MacroF1, double MacroF1StdDev, double NoThemeCorrect)
{
    /// <summary>Means and spreads of several reports.</summary>
    internal static CurveFigures Summarize(IReadOnlyList<EvaluationReport> reports)
    {
        static (double Mean, double Sd) Spread(IEnumerable<double> values)
        {
            var xs = values.ToArray();
            var mean = xs.Average();
            return (mean, xs.Length < 2 ? 0 : Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1)));
        }

        var top1 = Spread(reports.Select(r => r.Top1));
        var macro = Spread(reports.Select(r => r.MacroF1));
        return new CurveFigures(
            top1.Mean,
            top1.Sd,
            reports.Average(r => r.Top3),
            macro.Mean,
            macro.Sd,
            reports.Average(r => r.NoThemeCount == 0 ? 0 : (double)r.NoThemeCorrect / r.NoThemeCount));
    }
}
