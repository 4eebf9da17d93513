namespace ThemeClassifier.Features;

/// <summary>
/// The features of one (post, theme) pair: how close the post is to the theme's definition, keywords and
/// examples, each also centred on the post's mean over all themes (so a post that is close to everything does
/// not score high everywhere). One small, theme-agnostic model scores every pair, which is what lets ~70
/// hand-coded posts train it.
/// </summary>
internal static class PairFeatures
{
    /// <summary>The feature names, in vector order, for the given settings.</summary>
    public static string[] Names(FeatureSet set, IReadOnlyList<string> encoderNames)
    {
        var raw = RawNames(set, encoderNames);
        return [.. raw, .. raw.Select(n => n + ".centred")];
    }

    /// <summary>
    /// Features of a post against every theme: [theme][feature]. <paramref name="skipExample"/> leaves one example
    /// out (the post itself, when it is a training example), or -1.
    /// </summary>
    public static float[][] Compute(
        ThemeReferences refs,
        FeatureSet set,
        float[][] vectors,
        SparseVector ngrams,
        string lowerText,
        int skipExample)
    {
        bool definitions = (set & FeatureSet.Definitions) != 0, examples = (set & FeatureSet.Examples) != 0;
        bool useNGrams = (set & FeatureSet.NGrams) != 0, keywords = (set & FeatureSet.Keywords) != 0;
        var themes = refs.ThemeCount;
        var rawCount = RawCount(set, refs.EncoderCount);

        // Each example's similarity to the post, computed once (an example can belong to several themes).
        var exampleSimilarities = new float[examples ? refs.EncoderCount : 0][];
        for (var e = 0; e < exampleSimilarities.Length; e++)
        {
            var rows = refs.ExampleVectors[e];
            exampleSimilarities[e] = new float[rows.Length];
            for (var j = 0; j < rows.Length; j++)
            {
                exampleSimilarities[e][j] = Dot(vectors[e], rows[j]);
            }
        }

        var exampleNGramSimilarities = examples && useNGrams ? refs.ExampleNGramIndex.DotAll(ngrams) : [];
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
                    (f[k], f[k + 1]) = MaxAndMean(refs.ThemeExamples[t], skipExample, exampleSimilarities[e]);
                    k += 2;
                }
            }

            if (examples)
            {
                var count = refs.ThemeExamples[t].Length - (Array.IndexOf(refs.ThemeExamples[t], skipExample) >= 0 ? 1 : 0);
                f[k++] = MathF.Log((count + 1f) / (refs.ExampleThemes.Length + refs.ThemeCount));
            }

            if (useNGrams && definitions)
            {
                f[k++] = definitionNGramSimilarities[t];
            }

            if (useNGrams && examples)
            {
                f[k++] = MaxAndMean(refs.ThemeExamples[t], skipExample, exampleNGramSimilarities).Max;
            }

            if (keywords)
            {
                f[k++] = MathF.Min(3, keywordCounts[t]) / 3f;
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

    private static (float Max, float Mean) MaxAndMean(int[] members, int skip, float[] similarities)
    {
        float max = 0, sum = 0;
        var n = 0;
        foreach (var j in members)
        {
            if (j == skip)
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

    /// <summary>The number of raw (uncentred) features; <see cref="RawNames"/> lists them.</summary>
    internal static int RawCount(FeatureSet set, int encoders)
    {
        bool definitions = (set & FeatureSet.Definitions) != 0, examples = (set & FeatureSet.Examples) != 0;
        bool ngrams = (set & FeatureSet.NGrams) != 0, keywords = (set & FeatureSet.Keywords) != 0;
        var perEncoder = (definitions ? 2 : 0) + (examples ? 2 : 0);
        return (encoders * perEncoder) + (examples ? 1 : 0) + (ngrams && definitions ? 1 : 0) + (ngrams && examples ? 1 : 0) + (keywords ? 1 : 0);
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

        return [.. names];
    }
}
