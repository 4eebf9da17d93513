using System.Collections.ObjectModel;

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

/// <summary>The themes of one post. Immutable and thread-safe.</summary>
public sealed class ThemePrediction
{
    // Codebook order; the ids and thresholds are the model's, shared by its predictions.
    private readonly string[] _ids;
    private readonly float[] _thresholds;
    private readonly float[] _probabilities;

    // Theme indices, best first (ties in codebook order).
    private readonly int[] _ranking;

    // Scores, built on first use (a batch of many posts then keeps 5 small objects per post, not 20).
    private ReadOnlyCollection<ThemeScore>? _scores;

    /// <summary>
    /// A post that passes the relevance gate gets its best-scored theme and every other theme that passes its
    /// threshold (at most <paramref name="maxThemes"/>); a post below it gets none. Without a gate
    /// (<paramref name="relevanceThreshold"/> null: format version 1) a post gets the themes that pass their thresholds.
    /// </summary>
    internal ThemePrediction(IReadOnlyList<ThemeScore> scoresInCodebookOrder, int maxThemes, float relevance, float? relevanceThreshold)
        : this(
            [.. scoresInCodebookOrder.Select(s => s.ThemeId)],
            [.. scoresInCodebookOrder.Select(s => s.Threshold)],
            [.. scoresInCodebookOrder.Select(s => s.Probability)],
            maxThemes,
            relevance,
            relevanceThreshold)
    {
    }

    /// <summary>
    /// As the other constructor, from the model's theme ids and thresholds (kept, not copied: never change them)
    /// and this post's probabilities (copied), all in codebook order.
    /// </summary>
    internal ThemePrediction(string[] ids, float[] thresholds, ReadOnlySpan<float> probabilities, int maxThemes, float relevance, float? relevanceThreshold)
    {
        _ids = ids;
        _thresholds = thresholds;
        _probabilities = probabilities.ToArray();

        // Best first, ties in codebook order: a stable insertion sort (a codebook has a few dozen themes at most).
        _ranking = new int[ids.Length];
        for (var t = 0; t < _ranking.Length; t++)
        {
            var p = t;
            for (; p > 0 && _probabilities[t].CompareTo(_probabilities[_ranking[p - 1]]) > 0; p--)
            {
                _ranking[p] = _ranking[p - 1];
            }

            _ranking[p] = t;
        }

        Relevance = relevance;
        Themes = Array.AsReadOnly(Given(maxThemes, relevance, relevanceThreshold));
    }

    /// <summary>
    /// The probability that the post is about any theme at all. Below the model's relevance threshold the post
    /// gets no theme; above it, it gets at least its best-scored theme. Always 1 with a model of format version 1,
    /// which has no relevance gate.
    /// </summary>
    public float Relevance { get; }

    /// <summary>Every theme with its probability and threshold, best first (ties in codebook order). Read-only.</summary>
    public IReadOnlyList<ThemeScore> Scores
    {
        get
        {
            if (_scores is null)
            {
                var scores = Array.AsReadOnly(Array.ConvertAll(_ranking, t => new ThemeScore(_ids[t], _probabilities[t], _thresholds[t])));
                Interlocked.CompareExchange(ref _scores, scores, null);
            }

            return _scores;
        }
    }

    /// <summary>
    /// The themes given, best first: empty when the post is judged to be about none of them; otherwise the
    /// best-scored theme and the others that pass their thresholds. (A model of format version 1, without a
    /// relevance gate, gives exactly the themes that pass their thresholds.) Read-only.
    /// </summary>
    public IReadOnlyList<string> Themes { get; }

    /// <summary>The best-scored theme, whether or not it passes its threshold.</summary>
    public string TopTheme => _ids[_ranking[0]];

    /// <summary>The probability of a theme.</summary>
    /// <exception cref="KeyNotFoundException">The id is not a theme of the model.</exception>
    /// <param name="themeId">A theme id of the model's codebook.</param>
    /// <returns>The theme's probability, 0 to 1.</returns>
    public float ProbabilityOf(string themeId)
    {
        var t = Array.IndexOf(_ids, themeId);
        return t >= 0 ? _probabilities[t] : throw new KeyNotFoundException($"'{themeId}' is not a theme of this model.");
    }

    private string[] Given(int maxThemes, float relevance, float? relevanceThreshold)
    {
        if (relevanceThreshold is { } gate && relevance < gate)
        {
            return [];
        }

        // The best-scored theme when a gate let the post through, and the others that pass their thresholds.
        var count = 0;
        for (var i = 0; i < _ranking.Length && count < maxThemes; i++)
        {
            count += Gives(i) ? 1 : 0;
        }

        var given = new string[count];
        for (int i = 0, n = 0; n < count; i++)
        {
            if (Gives(i))
            {
                given[n++] = _ids[_ranking[i]];
            }
        }

        return given;

        bool Gives(int i) => _probabilities[_ranking[i]] >= _thresholds[_ranking[i]] || (i == 0 && relevanceThreshold is not null);
    }
}
