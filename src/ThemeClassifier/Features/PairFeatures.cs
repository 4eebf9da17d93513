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
        var width = 2 * RawCount(set, refs.EncoderCount);
        var flat = new float[refs.ThemeCount * width];
        Compute(refs, set, vectors, ngrams.Indices, ngrams.Values, lowerText, skip, flat, new PairScratch(refs));
        return [.. Enumerable.Range(0, refs.ThemeCount).Select(t => flat.AsSpan(t * width, width).ToArray())];
    }

    /// <summary>
    /// Features of a post against every theme, written to <paramref name="destination"/> (theme after theme, each
    /// <c>2 × RawCount</c> features: raw, then centred), with <paramref name="scratch"/>'s buffers and no allocation.
    /// The post's n-grams are <paramref name="ngramIndices"/> (sorted) and their <paramref name="ngramValues"/>.
    /// </summary>
    public static void Compute(
        ThemeReferences refs,
        FeatureSet set,
        float[][] vectors,
        ReadOnlySpan<int> ngramIndices,
        ReadOnlySpan<float> ngramValues,
        ReadOnlySpan<char> lowerText,
        bool[]? skip,
        Span<float> destination,
        PairScratch scratch)
    {
        bool definitions = (set & FeatureSet.Definitions) != 0, examples = (set & FeatureSet.Examples) != 0;
        bool useNGrams = (set & FeatureSet.NGrams) != 0, keywords = (set & FeatureSet.Keywords) != 0;
        var neighbours = (set & FeatureSet.Neighbours) != 0;
        var exclusions = (set & FeatureSet.Exclusions) != 0;
        var themes = refs.ThemeCount;
        var rawCount = RawCount(set, refs.EncoderCount);
        var width = 2 * rawCount;
        if (exclusions && useNGrams)
        {
            refs.ExclusionNGramIndex.DotAll(ngramIndices, ngramValues, scratch.ExclusionNGrams);
        }

        // Each example's similarity to the post, computed once (an example can belong to several themes): one row
        // per encoder, then the n-grams'.
        var similarities = scratch.ExampleSimilarities;
        if (examples || neighbours)
        {
            for (var e = 0; e < refs.EncoderCount; e++)
            {
                var rows = refs.ExampleVectors[e];
                for (var j = 0; j < rows.Length; j++)
                {
                    similarities[e][j] = Dot(vectors[e], rows[j]);
                }
            }

            if (useNGrams)
            {
                refs.ExampleNGramIndex.DotAll(ngramIndices, ngramValues, similarities[refs.EncoderCount]);
            }
        }

        var voters = neighbours ? refs.EncoderCount + (useNGrams ? 1 : 0) : 0;
        for (var v = 0; v < voters; v++)
        {
            Vote(refs, similarities[v], skip, scratch.Votes[v], scratch.Nearest);
        }

        if (definitions && useNGrams)
        {
            refs.DefinitionNGramIndex.DotAll(ngramIndices, ngramValues, scratch.DefinitionNGrams);
        }

        if (keywords)
        {
            refs.KeywordCounts(lowerText, scratch.KeywordCounts, scratch.KeywordSeen);
        }

        for (var t = 0; t < themes; t++)
        {
            var f = destination.Slice(t * width, width);
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
                    (f[k], f[k + 1]) = MaxAndMean(refs.ThemeExamples[t], skip, similarities[e]);
                    k += 2;
                }
            }

            if (examples)
            {
                var count = Kept(refs.ThemeExamples[t], skip);
                f[k++] = MathF.Log((count + 1f) / (refs.ExampleThemes.Length + refs.ThemeCount));
            }

            if (useNGrams && definitions)
            {
                f[k++] = scratch.DefinitionNGrams[t];
            }

            if (useNGrams && examples)
            {
                f[k++] = MaxAndMean(refs.ThemeExamples[t], skip, similarities[refs.EncoderCount]).Max;
            }

            if (keywords)
            {
                f[k++] = MathF.Min(3, scratch.KeywordCounts[t]) / 3f;
            }

            for (var v = 0; v < voters; v++)
            {
                f[k++] = scratch.Votes[v][t];
            }

            if (exclusions)
            {
                for (var e = 0; e < refs.EncoderCount; e++)
                {
                    f[k++] = MaxDot(vectors[e], refs.ExclusionVectors[e][t]);
                }

                if (useNGrams)
                {
                    f[k++] = scratch.ExclusionNGrams[t];
                }
            }
        }

        for (var i = 0; i < rawCount; i++)
        {
            var mean = 0f;
            for (var t = 0; t < themes; t++)
            {
                mean += destination[(t * width) + i];
            }

            mean /= themes;
            for (var t = 0; t < themes; t++)
            {
                destination[(t * width) + rawCount + i] = destination[(t * width) + i] - mean;
            }
        }
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

    private static int Kept(int[] members, bool[]? skip)
    {
        if (skip is null)
        {
            return members.Length;
        }

        var n = 0;
        foreach (var j in members)
        {
            n += skip[j] ? 0 : 1;
        }

        return n;
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
    /// <paramref name="skip"/>; ties to the lower index), weighted by similarity, into <paramref name="votes"/>:
    /// [theme] → 0..1. A no-theme example votes for no theme. <paramref name="nearest"/> is scratch space.
    /// </summary>
    private static void Vote(ThemeReferences refs, float[] similarities, bool[]? skip, float[] votes, int[] nearest)
    {
        var n = 0;
        for (var j = 0; j < similarities.Length; j++)
        {
            if (skip?[j] == true)
            {
                continue;
            }

            // Insertion into the sorted top list: j goes after every kept example at least as similar.
            var p = n;
            while (p > 0 && similarities[j].CompareTo(similarities[nearest[p - 1]]) > 0)
            {
                p--;
            }

            if (p == Neighbours)
            {
                continue;
            }

            n = Math.Min(n + 1, Neighbours);
            for (var q = n - 1; q > p; q--)
            {
                nearest[q] = nearest[q - 1];
            }

            nearest[p] = j;
        }

        Array.Clear(votes);
        var total = 0f;
        for (var i = 0; i < n; i++)
        {
            var j = nearest[i];
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

/// <summary>
/// The working buffers of <see cref="PairFeatures.Compute(ThemeReferences, FeatureSet, float[][], ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{char}, bool[], Span{float}, PairScratch)"/>
/// for one set of references, reused post after post. Not thread-safe: each thread uses its own.
/// </summary>
internal sealed class PairScratch
{
    public PairScratch(ThemeReferences refs)
    {
        var examples = refs.ExampleThemes.Length;
        ExampleSimilarities = [.. Enumerable.Range(0, refs.EncoderCount + 1).Select(_ => new float[examples])];
        Votes = [.. Enumerable.Range(0, refs.EncoderCount + 1).Select(_ => new float[refs.ThemeCount])];
        DefinitionNGrams = new float[refs.ThemeCount];
        ExclusionNGrams = new float[refs.ThemeCount];
        KeywordCounts = new int[refs.ThemeCount];
        KeywordSeen = new bool[refs.KeywordCount];
    }

    /// <summary>[encoder, then n-grams][example]: each example's similarity to the post.</summary>
    public float[][] ExampleSimilarities { get; }

    /// <summary>[encoder, then n-grams][theme]: the neighbour votes.</summary>
    public float[][] Votes { get; }

    /// <summary>[theme]: n-gram similarity to the definition.</summary>
    public float[] DefinitionNGrams { get; }

    /// <summary>[theme]: n-gram similarity to the exclusions.</summary>
    public float[] ExclusionNGrams { get; }

    /// <summary>[theme]: distinct keyword phrases found.</summary>
    public int[] KeywordCounts { get; }

    /// <summary>[phrase]: whether the phrase was found.</summary>
    public bool[] KeywordSeen { get; }

    /// <summary>The nearest examples of a vote.</summary>
    public int[] Nearest { get; } = new int[PairFeatures.Neighbours];
}
