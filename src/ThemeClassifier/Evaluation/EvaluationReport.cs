using Newtonsoft.Json;

namespace ThemeClassifier.Evaluation;

/// <summary>Precision, recall and F1 of one theme's decisions.</summary>
/// <param name="ThemeId">The theme.</param>
/// <param name="Precision">Share of the posts given the theme that the humans coded with it.</param>
/// <param name="Recall">Share of the posts the humans coded with the theme that were given it.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Posts the humans coded with the theme.</param>
/// <param name="Predicted">Posts given the theme.</param>
public sealed record ThemeMetrics(string ThemeId, double Precision, double Recall, double F1, int Support, int Predicted);

/// <summary>
/// How a model's themes compare with human coding on a set of posts the model was not trained on.
/// </summary>
public sealed class EvaluationReport
{
    /// <summary>The label used for "no theme" in the confusion matrix.</summary>
    public const string NoTheme = "(none)";

    /// <summary>Posts evaluated.</summary>
    public required int Count { get; init; }

    /// <summary>Share of the posts with gold themes whose best-scored theme is one of them.</summary>
    public required double Top1 { get; init; }

    /// <summary>Share of the posts with gold themes where a gold theme is among the three best-scored.</summary>
    public required double Top3 { get; init; }

    /// <summary>Mean F1 over the themes that occur in the gold coding or the decisions.</summary>
    public required double MacroF1 { get; init; }

    /// <summary>F1 over all (post, theme) decisions pooled.</summary>
    public required double MicroF1 { get; init; }

    /// <summary>Cohen's kappa between the humans' most central theme and the model's first decided theme (or none).</summary>
    public required double Kappa { get; init; }

    /// <summary>Posts the humans coded with no theme.</summary>
    public required int NoThemeCount { get; init; }

    /// <summary>Of those, how many the model gave no theme.</summary>
    public required int NoThemeCorrect { get; init; }

    /// <summary>Per-theme figures, in codebook order.</summary>
    public required IReadOnlyList<ThemeMetrics> PerTheme { get; init; }

    /// <summary>Row and column labels of <see cref="Confusion"/>: the theme ids, then <see cref="NoTheme"/>.</summary>
    public required IReadOnlyList<string> ConfusionLabels { get; init; }

    /// <summary>[gold most-central theme][model's first decided theme] counts.</summary>
    public required int[][] Confusion { get; init; }

    /// <summary>
    /// Agreement of the model's themes with the gold coding as between two coders: Cohen's kappa and
    /// Krippendorff's alpha on the most central theme and per theme (present / absent).
    /// <see langword="null"/> for a report built by hand.
    /// </summary>
    public AgreementReport? Agreement { get; init; }

    /// <summary>The report as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonConvert.SerializeObject(this, Formatting.Indented);
}
