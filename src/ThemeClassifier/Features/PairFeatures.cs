namespace ThemeClassifier.Features;

/// <summary>
/// The features of one (post, theme) pair: how close the post is to the theme's definition, keywords and
/// examples, each also centred on the post's mean over all themes (so a post that is close to everything does
/// not score high everywhere). One small, theme-agnostic model scores every pair, which is what lets ~70
/// hand-coded posts train it.
/// </summary>
internal static class PairFeatures
{
    /// <summary>How many nearest examples vote in the <see cref="FeatureSet.Neighbours"/> features.</summary>
    public const int Neighbours = 5;

    /// <summary>The feature names, in vector order, for the given settings.</summary>
    public static string[] Names(FeatureSet set, IReadOnlyList<string> encoderNames)
    {
        var raw = RawNames(set, encoderNames);
        return [.. raw, .. raw.Select(n => n + ".centred")];
    }

    /// <summary>
    /// Features of a post against every theme: [theme][feature]. <paramref name="skip"/> marks the examples left
    /// out (the post itself and, in training, the posts under its report heading), or is null.
    /// </summary>
    public static float[][] Compute(
        ThemeReferences refs,
        FeatureSet set,
        float[][] vectors,
        SparseVector ngrams,
        string lowerText,
        bool[]? skip)
    {
        bool definitions = (set & FeatureSet.Definitions) != 0, examples = (set & FeatureSet.Examples) != 0;
        bool useNGrams = (set & FeatureSet.NGrams) != 0, keywords = (set & FeatureSet.Keywords) != 0;
        var neighbours = (set & FeatureSet.Neighbours) != 0;
        var exclusions = (set & FeatureSet.Exclusions) != 0;
        var exclusionNGramSimilarities = exclusions && useNGrams ? refs.ExclusionNGramIndex.DotAll(ngrams) : [];
        var themes = refs.ThemeCount;
        var rawCount = RawCount(set, refs.EncoderCount);

        // Each example's similarity to the post, computed once (an example can belong to several themes).
        var exampleSimilarities = new float[examples || neighbours ? refs.EncoderCount : 0][];
        for (var e = 0; e < exampleSimilarities.Length; e++)
        {
            var rows = refs.ExampleVectors[e];
            exampleSimilarities[e] = new float[rows.Length];
            for (var j = 0; j < rows.Length; j++)
            {
                exampleSimilarities[e][j] = Dot(vectors[e], rows[j]);
            }
        }

        var exampleNGramSimilarities = (examples || neighbours) && useNGrams ? refs.ExampleNGramIndex.DotAll(ngrams) : [];
        var votes = neighbours
            ? exampleSimilarities.Append(useNGrams ? exampleNGramSimilarities : null).OfType<float[]>().Select(s => Vote(refs, s, skip)).ToArray()
            : [];
        var definitionNGramSimilarities = definitions && useNGrams ? refs.DefinitionNGramIndex.DotAll(ngrams) : [];
        var keywordCounts = keywords ? refs.KeywordCounts(lowerText) : [];

        var result = new float[themes][];
        for (var t = 0; t < themes; t++)
        {
            var f = new float[2 * rawCount];
            var k = 0;
            for (var e = 0; e < refs.EncoderCount; e++)
            {
                if (definitions)
                {
                    f[k++] = Dot(vectors[e], refs.DefinitionVectors[e][t]);
                    f[k++] = MaxDot(vectors[e], refs.AnchorVectors[e][t]);
                }

                if (examples)
                {
                    (f[k], f[k + 1]) = MaxAndMean(refs.ThemeExamples[t], skip, exampleSimilarities[e]);
                    k += 2;
                }
            }

            if (examples)
            {
                var count = refs.ThemeExamples[t].Count(j => skip?[j] != true);
                f[k++] = MathF.Log((count + 1f) / (refs.ExampleThemes.Length + refs.ThemeCount));
            }

            if (useNGrams && definitions)
            {
                f[k++] = definitionNGramSimilarities[t];
            }

            if (useNGrams && examples)
            {
                f[k++] = MaxAndMean(refs.ThemeExamples[t], skip, exampleNGramSimilarities).Max;
            }

            if (keywords)
            {
                f[k++] = MathF.Min(3, keywordCounts[t]) / 3f;
            }

            foreach (var vote in votes)
            {
                f[k++] = vote[t];
            }

            if (exclusions)
            {
                for (var e = 0; e < refs.EncoderCount; e++)
                {
                    f[k++] = MaxDot(vectors[e], refs.ExclusionVectors[e][t]);
                }

                if (useNGrams)
                {
                    f[k++] = exclusionNGramSimilarities[t];
                }
            }

            result[t] = f;
        }

        for (var i = 0; i < rawCount; i++)
        {
            var mean = 0f;
            for (var t = 0; t < themes; t++)
            {
                mean += result[t][i];
            }

            mean /= themes;
            for (var t = 0; t < themes; t++)
            {
                result[t][rawCount + i] = result[t][i] - mean;
            }
        }

        return result;
    }

    /// <summary>Dot product of two equal-length vectors.</summary>
    public static float Dot(float[] a, float[] b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static float MaxDot(float[] v, float[][] rows)
    {
        var max = 0f;
        for (var i = 0; i < rows.Length; i++)
        {
            var d = Dot(v, rows[i]);
            max = i == 0 ? d : MathF.Max(max, d);
        }

        return max;
    }

    private static (float Max, float Mean) MaxAndMean(int[] members, bool[]? skip, float[] similarities)
    {
        float max = 0, sum = 0;
        var n = 0;
        foreach (var j in members)
        {
            if (skip?[j] == true)
            {
                continue;
            }

            var s = similarities[j];
            max = n == 0 ? s : MathF.Max(max, s);
            sum += s;
            n++;
        }

        return n == 0 ? (0, 0) : (max, sum / n);
    }

    /// <summary>
    /// Each theme's share of the <see cref="Neighbours"/> examples most similar to the post (leaving out
    /// <paramref name="skip"/>), weighted by similarity: [theme] → 0..1. A no-theme example votes for no theme.
    /// </summary>
    private static float[] Vote(ThemeReferences refs, float[] similarities, bool[]? skip)
    {
        var nearest = Enumerable.Range(0, similarities.Length)
            .Where(j => skip?[j] != true)
            .OrderByDescending(j => similarities[j])
            .ThenBy(j => j)
            .Take(Neighbours);
        var votes = new float[refs.ThemeCount];
        var total = 0f;
        foreach (var j in nearest)
        {
            var w = MathF.Max(0, similarities[j]);
            total += w;
            foreach (var t in refs.ExampleThemes[j])
            {
                votes[t] += w;
            }
        }

        if (total > 0)
        {
            for (var t = 0; t < votes.Length; t++)
            {
                votes[t] /= total;
            }
        }

        return votes;
    }

    /// <summary>The number of raw (uncentred) features; <see cref="RawNames"/> lists them.</summary>
    internal static int RawCount(FeatureSet set, int encoders)
    {
        bool definitions = (set & FeatureSet.Definitions) != 0, examples = (set & FeatureSet.Examples) != 0;
        bool ngrams = (set & FeatureSet.NGrams) != 0, keywords = (set & FeatureSet.Keywords) != 0;
        var votes = (set & FeatureSet.Neighbours) != 0 ? encoders + (ngrams ? 1 : 0) : 0;
        votes += (set & FeatureSet.Exclusions) != 0 ? encoders + (ngrams ? 1 : 0) : 0;
        var perEncoder = (definitions ? 2 : 0) + (examples ? 2 : 0);
        return (encoders * perEncoder) + (examples ? 1 : 0) + (ngrams && definitions ? 1 : 0) + (ngrams && examples ? 1 : 0) + (keywords ? 1 : 0) + votes;
    }

    internal static string[] RawNames(FeatureSet set, IReadOnlyList<string> encoderNames)
    {
        var names = new List<string>();
        foreach (var e in encoderNames)
        {
            if ((set & FeatureSet.Definitions) != 0)
            {
                names.Add($"{e}.definition");
                names.Add($"{e}.anchor-max");
            }

            if ((set & FeatureSet.Examples) != 0)
            {
                names.Add($"{e}.example-max");
                names.Add($"{e}.example-mean");
            }
        }

        if ((set & FeatureSet.Examples) != 0)
        {
            names.Add("log-prior");
        }

        if ((set & FeatureSet.NGrams) != 0)
        {
            if ((set & FeatureSet.Definitions) != 0)
            {
                names.Add("ngram.definition");
            }

            if ((set & FeatureSet.Examples) != 0)
            {
                names.Add("ngram.example-max");
            }
        }

        if ((set & FeatureSet.Keywords) != 0)
        {
            names.Add("keywords");
        }

        if ((set & FeatureSet.Neighbours) != 0)
        {
            names.AddRange(encoderNames.Select(e => $"{e}.neighbour-vote"));
            if ((set & FeatureSet.NGrams) != 0)
            {
                names.Add("ngram.neighbour-vote");
            }
        }

        if ((set & FeatureSet.Exclusions) != 0)
        {
            names.AddRange(encoderNames.Select(e => $"{e}.exclusion-max"));
            if ((set & FeatureSet.NGrams) != 0)
            {
                names.Add("ngram.exclusion");
            }
        }

        return [.. names];
    }
}
