namespace ThemeClassifier.Prediction;

/// <summary>A theme's calibrated probability for a post and the threshold it must reach to be suggested.</summary>
/// <param name="ThemeId">The theme.</param>
/// <param name="Probability">Calibrated probability that an analyst would code the post with this theme.</param>
/// <param name="Threshold">The theme's decision threshold, from cross-validation.</param>
public sealed record ThemeScore(string ThemeId, float Probability, float Threshold)
{
    /// <summary>Whether the probability reaches the threshold.</summary>
    public bool Passes => Probability >= Threshold;
}

/// <summary>The themes of one post. Immutable.</summary>
public sealed class ThemePrediction
{
    internal ThemePrediction(IReadOnlyList<ThemeScore> scoresInCodebookOrder, int maxThemes)
    {
        Scores = scoresInCodebookOrder
            .Select((s, i) => (s, i))
            .OrderByDescending(x => x.s.Probability)
            .ThenBy(x => x.i)
            .Select(x => x.s)
            .ToArray()
            .AsReadOnly();
        Themes = Scores.Where(s => s.Passes).Take(maxThemes).Select(s => s.ThemeId).ToArray().AsReadOnly();
    }

    /// <summary>Every theme with its probability and threshold, best first (ties in codebook order). Read-only.</summary>
    public IReadOnlyList<ThemeScore> Scores { get; }

    /// <summary>The themes that pass their thresholds, best first; empty when the post is about none of them. Read-only.</summary>
    public IReadOnlyList<string> Themes { get; }

    /// <summary>The best-scored theme, whether or not it passes its threshold.</summary>
    public string TopTheme => Scores[0].ThemeId;

    /// <summary>The probability of a theme.</summary>
    /// <exception cref="KeyNotFoundException">The id is not a theme of the model.</exception>
    /// <param name="themeId">A theme id of the model's codebook.</param>
    /// <returns>The theme's probability, 0 to 1.</returns>
    public float ProbabilityOf(string themeId) =>
        Scores.FirstOrDefault(s => s.ThemeId == themeId)?.Probability
        ?? throw new KeyNotFoundException($"'{themeId}' is not a theme of this model.");
}
