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

    // Scores, built on first use (a batch of many posts then keeps 2–4 small objects per post, not 20).
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
        Relevance = relevance;
        Themes = Given(maxThemes, relevance, relevanceThreshold);
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
                var ranking = new int[_ids.Length];
                for (var t = 0; t < ranking.Length; t++)
                {
                    ranking[t] = t;
                }

                SortBestFirst(ranking);
                var scores = Array.AsReadOnly(Array.ConvertAll(ranking, t => new ThemeScore(_ids[t], _probabilities[t], _thresholds[t])));
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
    public string TopTheme => _ids[Best()];

    /// <summary>The probability of a theme.</summary>
    /// <exception cref="KeyNotFoundException">The id is not a theme of the model.</exception>
    /// <param name="themeId">A theme id of the model's codebook.</param>
    /// <returns>The theme's probability, 0 to 1.</returns>
    public float ProbabilityOf(string themeId)
    {
        var t = Array.IndexOf(_ids, themeId);
        return t >= 0 ? _probabilities[t] : throw new KeyNotFoundException($"'{themeId}' is not a theme of this model.");
    }

    /// <summary>The themes given: the best-scored one when a gate let the post through, and the others that pass their thresholds, best first.</summary>
    private ReadOnlyCollection<string> Given(int maxThemes, float relevance, float? relevanceThreshold)
    {
        if (relevanceThreshold is { } gate && relevance < gate)
        {
            return ReadOnlyCollection<string>.Empty;
        }

        var best = relevanceThreshold is null ? -1 : Best();
        Span<int> given = _ids.Length <= 64 ? stackalloc int[_ids.Length] : new int[_ids.Length];
        var count = 0;
        for (var t = 0; t < _ids.Length; t++)
        {
            if (t == best || _probabilities[t] >= _thresholds[t])
            {
                given[count++] = t;
            }
        }

        if (count == 0 || maxThemes <= 0)
        {
            return ReadOnlyCollection<string>.Empty;
        }

        SortBestFirst(given[..count]);
        var ids = new string[Math.Min(count, maxThemes)];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = _ids[given[i]];
        }

        return Array.AsReadOnly(ids);
    }

    /// <summary>The best-scored theme (float.CompareTo order; the first of equals).</summary>
    private int Best()
    {
        var best = 0;
        for (var t = 1; t < _probabilities.Length; t++)
        {
            best = _probabilities[t].CompareTo(_probabilities[best]) > 0 ? t : best;
        }

        return best;
    }

    /// <summary>Theme indices in ascending order, sorted best first, ties kept in codebook order (a stable insertion sort).</summary>
    private void SortBestFirst(Span<int> themes)
    {
        for (var i = 1; i < themes.Length; i++)
        {
            var t = themes[i];
            var p = i;
            for (; p > 0 && _probabilities[t].CompareTo(_probabilities[themes[p - 1]]) > 0; p--)
            {
                themes[p] = themes[p - 1];
            }

            themes[p] = t;
        }
    }
}
