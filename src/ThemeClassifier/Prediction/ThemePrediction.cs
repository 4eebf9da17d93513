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
    /// <summary>
    /// A post that passes the relevance gate gets its best-scored theme and every other theme that passes its
    /// threshold (at most <paramref name="maxThemes"/>); a post below it gets none. Without a gate
    /// (<paramref name="relevanceThreshold"/> null: format version 1) a post gets the themes that pass their thresholds.
    /// </summary>
    internal ThemePrediction(IReadOnlyList<ThemeScore> scoresInCodebookOrder, int maxThemes, float relevance, float? relevanceThreshold)
    {
        // Best first, ties in codebook order: a stable insertion sort (a codebook has a few dozen themes at most).
        var sorted = new ThemeScore[scoresInCodebookOrder.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var score = scoresInCodebookOrder[i];
            var p = i;
            for (; p > 0 && score.Probability.CompareTo(sorted[p - 1].Probability) > 0; p--)
            {
                sorted[p] = sorted[p - 1];
            }

            sorted[p] = score;
        }

        Scores = Array.AsReadOnly(sorted);
        Relevance = relevance;
        Themes = Array.AsReadOnly(Given(sorted, maxThemes, relevance, relevanceThreshold));
    }

    /// <summary>
    /// The probability that the post is about any theme at all. Below the model's relevance threshold the post
    /// gets no theme; above it, it gets at least its best-scored theme. Always 1 with a model of format version 1,
    /// which has no relevance gate.
    /// </summary>
    public float Relevance { get; }

    /// <summary>Every theme with its probability and threshold, best first (ties in codebook order). Read-only.</summary>
    public IReadOnlyList<ThemeScore> Scores { get; }

    /// <summary>
    /// The themes given, best first: empty when the post is judged to be about none of them; otherwise the
    /// best-scored theme and the others that pass their thresholds. (A model of format version 1, without a
    /// relevance gate, gives exactly the themes that pass their thresholds.) Read-only.
    /// </summary>
    public IReadOnlyList<string> Themes { get; }

    /// <summary>The best-scored theme, whether or not it passes its threshold.</summary>
    public string TopTheme => Scores[0].ThemeId;

    private static string[] Given(ThemeScore[] sorted, int maxThemes, float relevance, float? relevanceThreshold)
    {
        if (relevanceThreshold is { } gate && relevance < gate)
        {
            return [];
        }

        // The best-scored theme when a gate let the post through, and the others that pass their thresholds.
        var count = 0;
        for (var i = 0; i < sorted.Length && count < maxThemes; i++)
        {
            count += Gives(i) ? 1 : 0;
        }

        var given = new string[count];
        for (int i = 0, n = 0; n < count; i++)
        {
            if (Gives(i))
            {
                given[n++] = sorted[i].ThemeId;
            }
        }

        return given;

        bool Gives(int i) => sorted[i].Passes || (i == 0 && relevanceThreshold is not null);
    }

    /// <summary>The probability of a theme.</summary>
    /// <exception cref="KeyNotFoundException">The id is not a theme of the model.</exception>
    /// <param name="themeId">A theme id of the model's codebook.</param>
    /// <returns>The theme's probability, 0 to 1.</returns>
    public float ProbabilityOf(string themeId) =>
        Scores.FirstOrDefault(s => s.ThemeId == themeId)?.Probability
        ?? throw new KeyNotFoundException($"'{themeId}' is not a theme of this model.");
}
