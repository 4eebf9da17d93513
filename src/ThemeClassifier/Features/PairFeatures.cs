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
        var themes = refs.ThemeCount;
        var rawCount = RawNames(set, Enumerable.Repeat("e", refs.EncoderCount).ToArray()).Length;
        var result = new float[themes][];
        for (var t = 0; t < themes; t++)
        {
            var f = new float[2 * rawCount];
            var k = 0;
            for (var e = 0; e < refs.EncoderCount; e++)
            {
                var v = vectors[e];
                if ((set & FeatureSet.Definitions) != 0)
                {
                    f[k++] = Dot(v, refs.DefinitionVectors[e][t]);
                    f[k++] = refs.AnchorVectors[e][t].Length == 0 ? 0 : refs.AnchorVectors[e][t].Max(a => Dot(v, a));
                }

                if ((set & FeatureSet.Examples) != 0)
                {
                    var (max, mean) = NearestExamples(refs, t, skipExample, j => Dot(v, refs.ExampleVectors[e][j]));
                    f[k++] = max;
                    f[k++] = mean;
                }
            }

            if ((set & FeatureSet.Examples) != 0)
            {
                var count = refs.ThemeExamples[t].Length - (refs.ThemeExamples[t].Contains(skipExample) ? 1 : 0);
                f[k++] = MathF.Log((count + 1f) / (refs.ExampleThemes.Length + refs.ThemeCount));
            }

            if ((set & FeatureSet.NGrams) != 0)
            {
                if ((set & FeatureSet.Definitions) != 0)
                {
                    f[k++] = ngrams.Dot(refs.DefinitionNGrams[t]);
                }

                if ((set & FeatureSet.Examples) != 0)
                {
                    f[k++] = NearestExamples(refs, t, skipExample, j => ngrams.Dot(refs.ExampleNGrams[j])).Max;
                }
            }

            if ((set & FeatureSet.Keywords) != 0)
            {
                f[k++] = MathF.Min(3, MatchedKeywords(refs.Keywords[t], lowerText).Count()) / 3f;
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

    /// <summary>The theme's keyword phrases that occur in the (lower-case) text, as whole words or their prefix.</summary>
    public static IEnumerable<string> MatchedKeywords(IEnumerable<string> keywords, string lowerText) =>
        keywords.Where(kw => ContainsWordPrefix(lowerText, kw));

    /// <summary>Dot product of two equal-length vectors.</summary>
    public static float Dot(float[] a, float[] b) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static (float Max, float Mean) NearestExamples(ThemeReferences refs, int theme, int skip, Func<int, float> similarity)
    {
        float max = 0, sum = 0;
        var n = 0;
        foreach (var j in refs.ThemeExamples[theme])
        {
            if (j == skip)
            {
                continue;
            }

            var s = similarity(j);
            max = n == 0 ? s : MathF.Max(max, s);
            sum += s;
            n++;
        }

        return n == 0 ? (0, 0) : (max, sum / n);
    }

    private static bool ContainsWordPrefix(string text, string phrase)
    {
        var index = 0;
        while ((index = text.IndexOf(phrase, index, StringComparison.Ordinal)) >= 0)
        {
            if (index == 0 || !char.IsLetterOrDigit(text[index - 1]))
            {
                return true;
            }

            index++;
        }

        return false;
    }

    private static string[] RawNames(FeatureSet set, IReadOnlyList<string> encoderNames)
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
