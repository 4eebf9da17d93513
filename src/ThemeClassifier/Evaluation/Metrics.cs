using ThemeClassifier.Data;
using ThemeClassifier.Prediction;

namespace ThemeClassifier.Evaluation;

/// <summary>Computes an <see cref="EvaluationReport"/> from gold themes and predictions.</summary>
internal static class Metrics
{
    /// <summary>Compares predictions with the humans' coding, post by post.</summary>
    /// <param name="codebook">The themes.</param>
    /// <param name="gold">Each post's gold theme ids, most central first (empty: no theme).</param>
    /// <param name="predictions">The model's prediction for each post, same order.</param>
    public static EvaluationReport Compute(Codebook codebook, IReadOnlyList<IReadOnlyList<string>> gold, IReadOnlyList<ThemePrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(predictions);
        if (gold.Count != predictions.Count)
        {
            throw new ArgumentException("Gold and predictions differ in length.", nameof(predictions));
        }

        var ids = codebook.Ids.ToArray();
        var labels = ids.Append(EvaluationReport.NoTheme).ToArray();
        var confusion = labels.Select(_ => new int[labels.Length]).ToArray();
        int withGold = 0, top1 = 0, top3 = 0, noTheme = 0, noThemeCorrect = 0;
        var tp = new int[ids.Length];
        var fp = new int[ids.Length];
        var fn = new int[ids.Length];
        for (var i = 0; i < gold.Count; i++)
        {
            var g = gold[i];
            var p = predictions[i];
            if (g.Count == 0)
            {
                noTheme++;
                noThemeCorrect += p.Themes.Count == 0 ? 1 : 0;
            }
            else
            {
                withGold++;
                top1 += g.Contains(p.Scores[0].ThemeId) ? 1 : 0;
                top3 += p.Scores.Take(3).Any(s => g.Contains(s.ThemeId)) ? 1 : 0;
            }

            for (var t = 0; t < ids.Length; t++)
            {
                var isGold = g.Contains(ids[t]);
                var isPredicted = p.Themes.Contains(ids[t]);
                tp[t] += isGold && isPredicted ? 1 : 0;
                fp[t] += !isGold && isPredicted ? 1 : 0;
                fn[t] += isGold && !isPredicted ? 1 : 0;
            }

            var row = g.Count == 0 ? ids.Length : Array.IndexOf(ids, g[0]);
            var col = p.Themes.Count == 0 ? ids.Length : Array.IndexOf(ids, p.Themes[0]);
            confusion[row][col]++;
        }

        var perTheme = ids.Select((id, t) =>
        {
            var precision = Ratio(tp[t], tp[t] + fp[t]);
            var recall = Ratio(tp[t], tp[t] + fn[t]);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new ThemeMetrics(id, precision, recall, f1, tp[t] + fn[t], tp[t] + fp[t]);
        }).ToArray();
        var present = perTheme.Where(m => m.Support > 0 || m.Predicted > 0).ToArray();
        int sumTp = tp.Sum(), sumFp = fp.Sum(), sumFn = fn.Sum();
        return new EvaluationReport
        {
            Count = gold.Count,
            Top1 = Ratio(top1, withGold),
            Top3 = Ratio(top3, withGold),
            MacroF1 = present.Length == 0 ? 0 : present.Average(m => m.F1),
            MicroF1 = Ratio(2 * sumTp, (2 * sumTp) + sumFp + sumFn),
            Kappa = CohensKappa(confusion),
            NoThemeCount = noTheme,
            NoThemeCorrect = noThemeCorrect,
            PerTheme = perTheme,
            ConfusionLabels = labels,
            Confusion = confusion,
            Agreement = Evaluation.Agreement.Compare(ids, gold, predictions.Select(p => p.Themes).ToArray()),
        };
    }

    /// <summary>Cohen's kappa of a square agreement matrix.</summary>
    public static double CohensKappa(int[][] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        double total = matrix.Sum(r => r.Sum());
        if (total == 0)
        {
            return 0;
        }

        var observed = Enumerable.Range(0, matrix.Length).Sum(i => matrix[i][i]) / total;
        var expected = Enumerable.Range(0, matrix.Length)
            .Sum(i => matrix[i].Sum() / total * (matrix.Sum(r => r[i]) / total));
        return expected >= 1 ? 1 : (observed - expected) / (1 - expected);
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
