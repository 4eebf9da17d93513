namespace ThemeClassifier.Training;

/// <summary>
/// The decision "is this post about any theme?", made once per post before any theme is given. A small ML.NET
/// logistic regression over post-level evidence: the best, second-best and mean pair probabilities and the best and
/// mean of every raw pair feature over the themes (definition, example and neighbour similarities, keywords,
/// exclusions). It is trained on held-out pair probabilities of hand-coded posts, chatter and on-topic posts
/// coded with no theme alike, so it learns what a theme-less post looks like rather than a probability floor.
/// </summary>
internal sealed class RelevanceGate
{
    private RelevanceGate(PairScorer? model, float threshold, bool isGate = true)
    {
        Model = model;
        Threshold = threshold;
        IsGate = isGate;
    }

    /// <summary>
    /// No gate at all: the decision of a format-version-1 model, whose posts get exactly the themes that pass their
    /// thresholds (possibly none). Every post's relevance is 1.
    /// </summary>
    public static RelevanceGate ThresholdsOnly { get; } = new(null, 0, isGate: false);

    /// <summary>
    /// Whether the gate decides the no-theme question (format version 2): a post that passes it gets at least its
    /// best-scored theme. False for <see cref="ThresholdsOnly"/>.
    /// </summary>
    public bool IsGate { get; }

    /// <summary>
    /// The ML.NET model behind the gate; <see langword="null"/> when the training posts were all themed (or all
    /// theme-less), and the gate lets every post through.
    /// </summary>
    public PairScorer? Model { get; }

    /// <summary>
    /// The relevance a post needs to be given themes, chosen on held-out posts for the lowest cost (see
    /// <see cref="TrainingOptions.MissedThemeCost"/>; cost 1 is balanced accuracy).
    /// </summary>
    public float Threshold { get; }

    /// <summary>The number of gate features for pairs of <paramref name="pairFeatureCount"/> features (raw and centred).</summary>
    public static int FeatureCount(int pairFeatureCount) => 3 + pairFeatureCount;

    /// <summary>
    /// The post-level features of one post: its pair features [theme][feature] and probabilities [theme]. Not its
    /// length: the training posts' length says where they come from (tweets, report prose), not whether they
    /// carry a theme.
    /// </summary>
    public static float[] Features(IReadOnlyList<float[]> pairFeatures, float[] probabilities)
    {
        var sorted = probabilities.OrderDescending().ToArray();
        var raw = pairFeatures[0].Length / 2;
        var f = new float[FeatureCount(pairFeatures[0].Length)];
        f[0] = sorted[0];
        f[1] = sorted.Length > 1 ? sorted[1] : 0;
        f[2] = probabilities.Average();
        for (var i = 0; i < raw; i++)
        {
            float max = float.MinValue, sum = 0;
            foreach (var pair in pairFeatures)
            {
                max = MathF.Max(max, pair[i]);
                sum += pair[i];
            }

            f[3 + (2 * i)] = max;
            f[4 + (2 * i)] = sum / pairFeatures.Count;
        }

        return f;
    }

    /// <summary>
    /// Trains the gate on held-out rows; <paramref name="themed"/> says which posts have a theme, and
    /// <paramref name="missedThemeCost"/> what a themed post left untagged costs against a theme-less post tagged.
    /// </summary>
    public static RelevanceGate Train(IReadOnlyList<float[]> rows, IReadOnlyList<bool> themed, double missedThemeCost, int seed)
    {
        if (themed.Distinct().Count() < 2)
        {
            return new RelevanceGate(null, 0);
        }

        var model = PairScorer.Train(new TrainerChoice(TrainerKind.LogisticRegression, 1f), rows, themed, seed);
        var scores = model.Score(rows);
        return new RelevanceGate(model, CheapestThreshold(scores, themed, missedThemeCost));
    }

    /// <summary>A saved gate, restored: its model (checked by the caller to take <see cref="FeatureCount"/> features) and threshold.</summary>
    public static RelevanceGate Trained(PairScorer model, float threshold) => new(model, threshold);

    /// <summary>A saved gate that was not trained (the training posts were all themed, or all theme-less): it lets every post through.</summary>
    public static RelevanceGate PassThrough(float threshold) => new(null, threshold);

    /// <summary>The relevance of each post: the probability that it is about some theme.</summary>
    public float[] Relevance(IReadOnlyList<float[]> gateFeatures) =>
        Model?.Score(gateFeatures) ?? Enumerable.Repeat(1f, gateFeatures.Count).ToArray();

    /// <summary>
    /// The threshold (0.05 to 0.95 by 0.01) with the lowest <paramref name="missedThemeCost"/> × (share of themed
    /// posts below it) + (share of theme-less posts at or above it), the lowest on ties. Cost 1 is the threshold with
    /// the best balanced accuracy.
    /// </summary>
    internal static float CheapestThreshold(float[] scores, IReadOnlyList<bool> themed, double missedThemeCost)
    {
        int positives = themed.Count(x => x), negatives = themed.Count - positives;
        var best = 0.5f;
        var bestCost = double.MaxValue;
        for (var step = 5; step <= 95; step++)
        {
            var threshold = step / 100f;
            int missed = 0, tagged = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                missed += themed[i] && scores[i] < threshold ? 1 : 0;
                tagged += !themed[i] && scores[i] >= threshold ? 1 : 0;
            }

            var cost = (missedThemeCost * missed / positives) + ((double)tagged / negatives);
            if (cost < bestCost - 1e-9)
            {
                bestCost = cost;
                best = threshold;
            }
        }

        return best;
    }
}
