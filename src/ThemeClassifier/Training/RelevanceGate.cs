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
        var width = pairFeatures[0].Length;
        var pairs = new float[pairFeatures.Count * width];
        for (var t = 0; t < pairFeatures.Count; t++)
        {
            pairFeatures[t].CopyTo(pairs, t * width);
        }

        var f = new float[FeatureCount(width)];
        Features(pairs, probabilities, f);
        return f;
    }

    /// <summary>
    /// The post-level features of one post, into <paramref name="destination"/> (<see cref="FeatureCount"/> of the
    /// pair width): its pair features (theme after theme, the same number each) and probabilities [theme].
    /// </summary>
    public static void Features(ReadOnlySpan<float> pairFeatures, ReadOnlySpan<float> probabilities, Span<float> destination)
    {
        var themes = probabilities.Length;
        var width = pairFeatures.Length / themes;
        var raw = width / 2;

        // The best and second best (float.CompareTo order, as a sort puts them), and the mean as LINQ's Average takes it.
        int first = 0, second = -1;
        for (var t = 1; t < themes; t++)
        {
            if (probabilities[t].CompareTo(probabilities[first]) > 0)
            {
                second = first;
                first = t;
            }
            else if (second < 0 || probabilities[t].CompareTo(probabilities[second]) > 0)
            {
                second = t;
            }
        }

        var total = 0d;
        foreach (var p in probabilities)
        {
            total += p;
        }

        destination[0] = probabilities[first];
        destination[1] = second >= 0 ? probabilities[second] : 0;
        destination[2] = (float)(total / themes);
        for (var i = 0; i < raw; i++)
        {
            float max = float.MinValue, sum = 0;
            for (var t = 0; t < themes; t++)
            {
                var value = pairFeatures[(t * width) + i];
                max = MathF.Max(max, value);
                sum += value;
            }

            destination[3 + (2 * i)] = max;
            destination[4 + (2 * i)] = sum / themes;
        }
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
    /// The relevance of each post of <paramref name="gateFeatures"/> (post after post, <see cref="FeatureCount"/>
    /// features each) into <paramref name="relevance"/> ([post]).
    /// </summary>
    public void Relevance(ReadOnlySpan<float> gateFeatures, Span<float> relevance)
    {
        if (Model is { } model)
        {
            model.Score(gateFeatures, relevance);
        }
        else
        {
            relevance.Fill(1f);
        }
    }

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
