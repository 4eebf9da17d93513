using ThemeClassifier.Training;

namespace GateExperiments;

/// <summary>
/// A no-theme and how-many-themes decision: the gate's features and threshold rule, and the rule for themes after
/// the first. Gate "none" = no gate, a post gets the themes passing their thresholds (format-1 decision).
/// </summary>
/// <param name="Gate">current | top | scalefree | both | none.</param>
/// <param name="Rule">balanced | cost:C (C x themed-untagged rate + theme-less-tagged rate) | recall:Q (keep Q of themed).</param>
/// <param name="FixedThreshold">A fixed gate threshold (sweeps), instead of the rule.</param>
/// <param name="Shrink">Threshold shrinkage pseudo-count.</param>
/// <param name="Floor">Threshold floor.</param>
/// <param name="Calibrate">standard (held-out k-fold scores) | shifted (leave-genre-out scores) | pooled (both).</param>
/// <param name="GateL2">L2 regularisation of the gate.</param>
/// <param name="Extras">thresholds | relative:R | either:R (passes its threshold or >= R x top) | learnt (relative ratio chosen on calibration) | model (a second theme when a logistic regression on the top-3 probabilities says so).</param>
public sealed record Design(string Gate, string Rule, float? FixedThreshold = null, double Shrink = 5, double Floor = 0.3, string Extras = "thresholds", float GateL2 = 1f, string Calibrate = "standard")
{
    public override string ToString() => $"gate={Gate} rule={Rule} shrink={Shrink} floor={Floor} extras={Extras}" + (GateL2 != 1f ? $" gateL2={GateL2}" : "") + (Calibrate != "standard" ? $" calibrate={Calibrate}" : "");

    public Func<Scored, int[]>? Fit(Split split, int seed, int maxThemes = 3)
    {
        if (Calibrate != "standard" && split.Shifted is null)
        {
            return null;
        }

        var calibration = Calibrate switch
        {
            "standard" => split.Calibration,
            "shifted" => split.Shifted!,
            _ => [.. split.Calibration, .. split.Shifted!],
        };

        var themeCount = calibration[0].P.Length;
        var options = new TrainingOptions { ThresholdShrinkage = Shrink, MinimumThreshold = Floor };
        var thresholds = ThresholdChooser.Choose(calibration.Select(s => s.P).ToArray(), calibration.Select(s => s.Gold).ToArray(), themeCount, options);
        Func<Scored, bool> passes = _ => true;
        if (Gate == "oracle" && Extras == "model")
        {
            passes = s => s.Gold.Length > 0;
        }
        else if (Gate.StartsWith("oracle", StringComparison.Ordinal))
        {
            // Diagnostics only (never a design): the gold says whether, and with "oracle-count" how many, themes to give.
            return s => s.Gold.Length == 0 ? []
                : Enumerable.Range(0, themeCount).OrderByDescending(t => s.P[t]).ThenBy(t => t).Take(Gate == "oracle-count" ? s.Gold.Length : 1)
                    .Concat(Gate == "oracle-count" ? [] : Enumerable.Range(0, themeCount).OrderByDescending(t => s.P[t]).ThenBy(t => t).Skip(1).Where(t => s.P[t] >= thresholds[t])).Take(maxThemes).ToArray();
        }

        if (!Gate.StartsWith("oracle", StringComparison.Ordinal) && Gate != "none")
        {
            var rows = calibration.Select(GateRow).ToArray();
            var themed = calibration.Select(s => s.Gold.Length > 0).ToArray();
            var model = PairScorer.Train(new TrainerChoice(TrainerKind.LogisticRegression, GateL2), rows, themed, seed);
            var scores = model.Score(rows);
            var threshold = FixedThreshold ?? ChooseThreshold(scores, themed);
            passes = s => model.Score([GateRow(s)])[0] >= threshold;
        }

        if (Extras == "model")
        {
            // A second theme when a small logistic regression says the post's second-ranked theme is also gold, trained
            // on the themed held-out posts; its threshold is the one with the best micro-F1 there. No third theme.
            var themedPosts = calibration.Where(s => s.Gold.Length > 0).ToArray();
            var secondRows = themedPosts.Select(SecondRow).ToArray();
            var secondGold = themedPosts.Select(s => s.Gold.Contains(Order(s)[1])).ToArray();
            var second = PairScorer.Train(new TrainerChoice(TrainerKind.LogisticRegression, 1f), secondRows, secondGold, seed);
            var secondScores = second.Score(secondRows);
            var cut = BestCut(themedPosts, secondScores);
            var gatePasses = passes;
            return s =>
            {
                if (!gatePasses(s))
                {
                    return [];
                }

                var order = Order(s);
                return second.Score([SecondRow(s)])[0] >= cut ? [order[0], order[1]] : [order[0]];
            };
        }

        var ratio = Extras switch
        {
            "thresholds" => float.NaN,
            "learnt" => LearnRatio(calibration, maxThemes),
            _ => float.Parse(Extras.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture),
        };
        var either = Extras.StartsWith("either", StringComparison.Ordinal);
        var relative = Extras.StartsWith("relative", StringComparison.Ordinal) || Extras == "learnt";
        return s =>
        {
            var order = Enumerable.Range(0, themeCount).OrderByDescending(t => s.P[t]).ThenBy(t => t).ToArray();
            if (Gate == "none")
            {
                return order.Where(t => s.P[t] >= thresholds[t]).Take(maxThemes).ToArray();
            }

            if (!passes(s))
            {
                return [];
            }

            var top = s.P[order[0]];
            return order.Take(1).Concat(order.Skip(1).Where(t =>
                relative ? s.P[t] >= ratio * top
                : either ? s.P[t] >= thresholds[t] || s.P[t] >= ratio * top
                : s.P[t] >= thresholds[t])).Take(maxThemes).ToArray();
        };
    }

    private static int[] Order(Scored s) => Enumerable.Range(0, s.P.Length).OrderByDescending(t => s.P[t]).ThenBy(t => t).ToArray();

    private static float Logit(float p) => MathF.Log(Math.Clamp(p, 1e-6f, 1 - 1e-6f) / (1 - Math.Clamp(p, 1e-6f, 1 - 1e-6f)));

    private static float[] SecondRow(Scored s)
    {
        var o = Order(s);
        float p1 = s.P[o[0]], p2 = s.P[o[1]], p3 = s.P[o[2]];
        return [Logit(p1), Logit(p2), Logit(p1) - Logit(p2), Logit(p2) - Logit(p3), p2 / p1];
    }

    private static float BestCut(Scored[] themed, float[] scores)
    {
        var best = 0.5f;
        var bestF1 = -1.0;
        for (var step = 5; step <= 95; step++)
        {
            var cut = step / 100f;
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < themed.Length; i++)
            {
                var o = Order(themed[i]);
                int[] given = scores[i] >= cut ? [o[0], o[1]] : [o[0]];
                tp += given.Count(themed[i].Gold.Contains);
                fp += given.Count(t => !themed[i].Gold.Contains(t));
                fn += themed[i].Gold.Count(t => !given.Contains(t));
            }

            var f1 = 2.0 * tp / ((2 * tp) + fp + fn);
            if (f1 > bestF1 + 1e-9)
            {
                bestF1 = f1;
                best = cut;
            }
        }

        return best;
    }

    /// <summary>The relative ratio with the best micro-F1 over the themed calibration posts (their best theme always given).</summary>
    private static float LearnRatio(Scored[] calibration, int maxThemes)
    {
        var best = 1f;
        var bestF1 = -1.0;
        foreach (var r in Enumerable.Range(5, 19).Select(i => i / 20f))
        {
            int tp = 0, fp = 0, fn = 0;
            foreach (var s in calibration.Where(s => s.Gold.Length > 0))
            {
                var order = Enumerable.Range(0, s.P.Length).OrderByDescending(t => s.P[t]).ThenBy(t => t).ToArray();
                var given = order.Take(1).Concat(order.Skip(1).Where(t => s.P[t] >= r * s.P[order[0]])).Take(maxThemes).ToArray();
                tp += given.Count(s.Gold.Contains);
                fp += given.Count(t => !s.Gold.Contains(t));
                fn += s.Gold.Count(t => !given.Contains(t));
            }

            var f1 = 2.0 * tp / ((2 * tp) + fp + fn);
            if (f1 > bestF1 + 1e-9)
            {
                bestF1 = f1;
                best = r;
            }
        }

        return best;
    }

    private float ChooseThreshold(float[] scores, bool[] themed)
    {
        var parts = Rule.Split(':');
        var value = parts.Length > 1 ? double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        if (parts[0] == "recall")
        {
            var themedScores = scores.Where((_, i) => themed[i]).Order().ToArray();
            var keep = (int)Math.Floor((1 - value) * themedScores.Length);
            return themedScores[Math.Clamp(keep, 0, themedScores.Length - 1)];
        }

        // "balanced" (cost 1) and "cost:X": the library's own rule (TrainingOptions.MissedThemeCost).
        return RelevanceGate.CheapestThreshold(scores, themed, value);
    }

    private float[] GateRow(Scored s) => Gate switch
    {
        "current" => RelevanceGate.Features(s.F, s.P),
        "top" => [s.P.Max()],
        "scalefree" => ScaleFree(s),
        "both" => [.. RelevanceGate.Features(s.F, s.P), .. ScaleFree(s)],
        "probs" => Probs(s),
        "vector" => s.V!,
        "current+vector" => [.. RelevanceGate.Features(s.F, s.P), .. s.V!],
        "probs+scalefree" => [.. Probs(s), .. ScaleFree(s)],
        _ => throw new ArgumentException(Gate),
    };

    private static float[] Probs(Scored s)
    {
        var sorted = s.P.OrderDescending().ToArray();
        return [sorted[0], sorted[1], s.P.Average()];
    }

    /// <summary>
    /// Features without absolute levels: gaps between the best theme and the second and the mean, in logits; the best
    /// theme's share of the post's odds (a softmax over themes) and the normalised entropy of that distribution; and
    /// for every raw pair feature its best minus its mean and minus its second best over the themes.
    /// </summary>
    public static float[] ScaleFree(Scored s)
    {
        var logits = s.P.Select(p => MathF.Log(Math.Clamp(p, 1e-6f, 1 - 1e-6f) / (1 - Math.Clamp(p, 1e-6f, 1 - 1e-6f)))).ToArray();
        var sorted = logits.OrderDescending().ToArray();
        var odds = logits.Select(l => MathF.Exp(l - sorted[0])).ToArray();
        var sum = odds.Sum();
        var entropy = -odds.Select(o => o / sum).Where(q => q > 0).Sum(q => q * MathF.Log(q)) / MathF.Log(odds.Length);
        var raw = s.F[0].Length / 2;
        var f = new List<float> { sorted[0] - sorted[1], sorted[0] - logits.Average(), 1 / sum, entropy };
        for (var i = 0; i < raw; i++)
        {
            var column = s.F.Select(x => x[i]).OrderDescending().ToArray();
            f.Add(column[0] - column.Average());
            f.Add(column[0] - column[1]);
        }

        return [.. f];
    }
}
