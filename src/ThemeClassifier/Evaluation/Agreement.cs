namespace ThemeClassifier.Evaluation;

/// <summary>
/// Inter-coder agreement as qualitative researchers report it: Cohen's kappa and Krippendorff's alpha (nominal),
/// overall on the most central theme and per theme as a binary "coded / not coded" decision. Works for any two
/// codings of the same posts: the model against the gold coding, the model against one human coder, or two humans.
/// </summary>
public static class Agreement
{
    /// <summary>Compares two codings of the same posts (theme ids, most central first; empty: no theme).</summary>
    /// <param name="themeIds">The codebook's theme ids, in order.</param>
    /// <param name="first">The first coder's themes of each post.</param>
    /// <param name="second">The second coder's themes of each post, same order.</param>
    /// <returns>Agreement on the most central theme and on each theme as present or absent.</returns>
    public static AgreementReport Compare(IReadOnlyList<string> themeIds, IReadOnlyList<IReadOnlyList<string>> first, IReadOnlyList<IReadOnlyList<string>> second)
    {
        ArgumentNullException.ThrowIfNull(themeIds);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException("Both codings must cover the same posts.", nameof(second));
        }

        var primaryA = first.Select(Primary).ToArray();
        var primaryB = second.Select(Primary).ToArray();
        var perTheme = themeIds.Select(id =>
        {
            var a = first.Select(t => t.Contains(id) ? "yes" : "no").ToArray();
            var b = second.Select(t => t.Contains(id) ? "yes" : "no").ToArray();
            return new ThemeAgreement(id, CohensKappa(a, b), KrippendorffAlpha(Units(a, b)), a.Count(x => x == "yes"), b.Count(x => x == "yes"));
        }).ToArray();
        return new AgreementReport(
            first.Count,
            first.Count == 0 ? 0 : primaryA.Zip(primaryB).Count(x => x.First == x.Second) / (double)first.Count,
            CohensKappa(primaryA, primaryB),
            KrippendorffAlpha(Units(primaryA, primaryB)),
            perTheme);
    }

    /// <summary>Cohen's kappa of two coders' nominal labels of the same units.</summary>
    /// <param name="first">The first coder's label of each unit.</param>
    /// <param name="second">The second coder's label of each unit, same order.</param>
    /// <returns>Kappa: 1 for perfect agreement, 0 for chance agreement.</returns>
    public static double CohensKappa(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException("Both coders must label the same units.", nameof(second));
        }

        if (first.Count == 0)
        {
            return 0;
        }

        double n = first.Count;
        var observed = first.Zip(second).Count(x => x.First == x.Second) / n;
        var expected = first.Concat(second).Distinct(StringComparer.Ordinal)
            .Sum(c => first.Count(x => x == c) / n * (second.Count(x => x == c) / n));
        return expected >= 1 ? 1 : (observed - expected) / (1 - expected);
    }

    /// <summary>
    /// Krippendorff's alpha for nominal data. Each unit lists the values the coders gave it (null where a coder
    /// gave none); units with fewer than two values are not pairable and are skipped. 1 when the coders never
    /// disagree.
    /// </summary>
    /// <param name="units">Each unit's labels, one per coder (null where a coder gave none).</param>
    /// <returns>Alpha: 1 for perfect agreement, 0 for chance agreement.</returns>
    public static double KrippendorffAlpha(IEnumerable<IReadOnlyList<string?>> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        var coincidence = new Dictionary<(string, string), double>();
        foreach (var unit in units)
        {
            var values = unit.OfType<string>().ToArray();
            if (values.Length < 2)
            {
                continue;
            }

            for (var i = 0; i < values.Length; i++)
            {
                for (var j = 0; j < values.Length; j++)
                {
                    if (i != j)
                    {
                        var key = (values[i], values[j]);
                        coincidence[key] = coincidence.GetValueOrDefault(key) + (1.0 / (values.Length - 1));
                    }
                }
            }
        }

        var marginals = coincidence.GroupBy(x => x.Key.Item1, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => x.Value), StringComparer.Ordinal);
        var n = marginals.Values.Sum();
        var disagreeing = coincidence.Where(x => x.Key.Item1 != x.Key.Item2).Sum(x => x.Value);
        var expected = marginals.Sum(c => c.Value * (n - c.Value));
        return disagreeing == 0 || expected == 0 ? 1 : 1 - ((n - 1) * disagreeing / expected);
    }

    /// <summary>The most central theme, or <see cref="EvaluationReport.NoTheme"/>.</summary>
    private static string Primary(IReadOnlyList<string> themes) => themes.Count == 0 ? EvaluationReport.NoTheme : themes[0];

    private static IEnumerable<IReadOnlyList<string?>> Units(string[] first, string[] second) =>
        first.Zip(second, (a, b) => (IReadOnlyList<string?>)[a, b]);
}

/// <summary>How well two codings of the same posts agree.</summary>
/// <param name="Posts">Posts both coded.</param>
/// <param name="PrimaryAgreement">Share of posts with the same most central theme (no theme counts as a label).</param>
/// <param name="PrimaryKappa">Cohen's kappa on the most central theme.</param>
/// <param name="PrimaryAlpha">Krippendorff's alpha (nominal) on the most central theme.</param>
/// <param name="PerTheme">Each theme as a binary decision, in codebook order.</param>
public sealed record AgreementReport(int Posts, double PrimaryAgreement, double PrimaryKappa, double PrimaryAlpha, IReadOnlyList<ThemeAgreement> PerTheme)
{
    /// <summary>The mean per-theme kappa.</summary>
    public double MeanThemeKappa => PerTheme.Count == 0 ? 0 : PerTheme.Average(t => t.Kappa);

    /// <summary>The mean per-theme alpha.</summary>
    public double MeanThemeAlpha => PerTheme.Count == 0 ? 0 : PerTheme.Average(t => t.Alpha);
}

/// <summary>Agreement on one theme coded as present or absent.</summary>
/// <param name="ThemeId">The theme.</param>
/// <param name="Kappa">Cohen's kappa.</param>
/// <param name="Alpha">Krippendorff's alpha (nominal).</param>
/// <param name="FirstCount">Posts the first coding gives the theme.</param>
/// <param name="SecondCount">Posts the second coding gives the theme.</param>
public sealed record ThemeAgreement(string ThemeId, double Kappa, double Alpha, int FirstCount, int SecondCount);
