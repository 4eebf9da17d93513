namespace ThemeClassifier.Training;

/// <summary>
/// Chooses per-theme decision thresholds from held-out probabilities: the threshold that maximises the shared
/// (micro) F1, and each theme's own F1-best threshold shrunk toward it by how few examples the theme has.
/// </summary>
internal static class ThresholdChooser
{
    private static readonly float[] Grid = Enumerable.Range(5, 91).Select(i => i / 100f).ToArray();

    /// <param name="probabilities">[post][theme] held-out probabilities.</param>
    /// <param name="gold">[post] gold theme indices.</param>
    /// <param name="themeCount">Number of themes.</param>
    /// <param name="options">Shrinkage and floor.</param>
    public static float[] Choose(IReadOnlyList<float[]> probabilities, IReadOnlyList<int[]> gold, int themeCount, TrainingOptions options)
    {
        var shared = Best(Enumerable.Range(0, themeCount).ToArray(), probabilities, gold);
        var thresholds = new float[themeCount];
        for (var t = 0; t < themeCount; t++)
        {
            var n = gold.Count(g => g.Contains(t));
            var own = n == 0 ? shared : Best([t], probabilities, gold);
            var shrunk = ((n * own) + (options.ThresholdShrinkage * shared)) / (n + options.ThresholdShrinkage);
            thresholds[t] = (float)Math.Max(options.MinimumThreshold, shrunk);
        }

        return thresholds;
    }

    private static float Best(int[] themes, IReadOnlyList<float[]> probabilities, IReadOnlyList<int[]> gold)
    {
        var best = 0.5f;
        var bestF1 = -1.0;
        foreach (var threshold in Grid)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < probabilities.Count; i++)
            {
                foreach (var t in themes)
                {
                    var predicted = probabilities[i][t] >= threshold;
                    var isGold = gold[i].Contains(t);
                    tp += predicted && isGold ? 1 : 0;
                    fp += predicted && !isGold ? 1 : 0;
                    fn += !predicted && isGold ? 1 : 0;
                }
            }

            var f1 = tp == 0 ? 0 : 2.0 * tp / ((2 * tp) + fp + fn);
            if (f1 > bestF1 + 1e-9)
            {
                bestF1 = f1;
                best = threshold;
            }
        }

        return best;
    }
}
