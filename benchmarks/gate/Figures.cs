using System.Globalization;

namespace GateExperiments;

/// <summary>Decision figures, computed as ThemeClassifier.Evaluation.Metrics computes them.</summary>
public sealed record Figures(double Top1, double Top3, double MacroF1, double NoThemeUntagged, double ThemedUntagged, string NoThemeUntaggedCount, string ThemedUntaggedCount)
{
    public static Figures Of((Scored Post, int[] Given)[] decided)
    {
        var themeCount = decided[0].Post.P.Length;
        int tp1 = 0, tp3 = 0, themed = 0, none = 0, noneUntagged = 0, themedUntagged = 0;
        var tp = new int[themeCount];
        var fp = new int[themeCount];
        var fn = new int[themeCount];
        foreach (var (s, given) in decided)
        {
            var order = Enumerable.Range(0, themeCount).OrderByDescending(t => s.P[t]).ThenBy(t => t).ToArray();
            if (s.Gold.Length == 0)
            {
                none++;
                noneUntagged += given.Length == 0 ? 1 : 0;
            }
            else
            {
                themed++;
                tp1 += s.Gold.Contains(order[0]) ? 1 : 0;
                tp3 += order.Take(3).Any(s.Gold.Contains) ? 1 : 0;
                themedUntagged += given.Length == 0 ? 1 : 0;
            }

            for (var t = 0; t < themeCount; t++)
            {
                bool g = s.Gold.Contains(t), p = given.Contains(t);
                tp[t] += g && p ? 1 : 0;
                fp[t] += !g && p ? 1 : 0;
                fn[t] += g && !p ? 1 : 0;
            }
        }

        var f1s = Enumerable.Range(0, themeCount).Where(t => tp[t] + fn[t] + fp[t] > 0).Select(t =>
        {
            var precision = tp[t] + fp[t] == 0 ? 0 : (double)tp[t] / (tp[t] + fp[t]);
            var recall = tp[t] + fn[t] == 0 ? 0 : (double)tp[t] / (tp[t] + fn[t]);
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }).ToArray();
        return new Figures(
            (double)tp1 / themed,
            (double)tp3 / themed,
            f1s.Length == 0 ? 0 : f1s.Average(),
            none == 0 ? double.NaN : (double)noneUntagged / none,
            (double)themedUntagged / themed,
            $"{noneUntagged}/{none}",
            $"{themedUntagged}/{themed}");
    }

    public static string Ms(Figures[]? perRepeat, Func<Figures, double> pick)
    {
        if (perRepeat is null)
        {
            return "n/a";
        }

        var x = perRepeat.Select(pick).ToArray();
        var mean = x.Average();
        var sd = x.Length < 2 ? 0 : Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.000} ± {sd:0.000}");
    }
}
