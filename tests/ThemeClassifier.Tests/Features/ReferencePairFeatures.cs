using System.Buffers;
using ThemeClassifier.Features;

namespace ThemeClassifier.Tests.Features;

/// <summary>
/// The reference for the allocation-free scoring path: pair features and relevance-gate features as the library
/// computed them before issue 14 (one array per theme, LINQ for the votes and the gate's order statistics, one
/// n-gram dot product per reference text), kept here verbatim apart from the helpers marked below.
/// </summary>
internal static class ReferencePairFeatures
{
    public static float[][] Compute(
        ThemeReferences refs,
        FeatureSet set,
        float[][] vectors,
        SparseVector ngrams,
        string lowerText,
        bool[]? skip,
        SparseVector[] exclusionNGrams,
        string[][] keywordPhrases)
    {
        bool definitions = (set & FeatureSet.Definitions) != 0, examples = (set & FeatureSet.Examples) != 0;
        bool useNGrams = (set & FeatureSet.NGrams) != 0, keywords = (set & FeatureSet.Keywords) != 0;
        var neighbours = (set & FeatureSet.Neighbours) != 0;
        var exclusions = (set & FeatureSet.Exclusions) != 0;
        var exclusionNGramSimilarities = exclusions && useNGrams ? DotAll(exclusionNGrams, ngrams) : [];
        var themes = refs.ThemeCount;
        var rawCount = PairFeatures.RawCount(set, refs.EncoderCount);

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

        var exampleNGramSimilarities = (examples || neighbours) && useNGrams ? DotAll(refs.ExampleNGrams, ngrams) : [];
        var votes = neighbours
            ? exampleSimilarities.Append(useNGrams ? exampleNGramSimilarities : null).OfType<float[]>().Select(s => Vote(refs, s, skip)).ToArray()
            : [];
        var definitionNGramSimilarities = definitions && useNGrams ? DotAll(refs.DefinitionNGrams, ngrams) : [];
        var keywordCounts = keywords ? KeywordCounts(keywordPhrases, lowerText) : [];

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

    private static float Dot(float[] a, float[] b) =>
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
    /// Each theme's share of the <see cref="PairFeatures.Neighbours"/> examples most similar to the post (leaving out
    /// <paramref name="skip"/>), weighted by similarity: [theme] → 0..1. A no-theme example votes for no theme.
    /// </summary>
    private static float[] Vote(ThemeReferences refs, float[] similarities, bool[]? skip)
    {
        var nearest = Enumerable.Range(0, similarities.Length)
            .Where(j => skip?[j] != true)
            .OrderByDescending(j => similarities[j])
            .ThenBy(j => j)
            .Take(PairFeatures.Neighbours);
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

    /// <summary>The post-level features of one post, as <c>RelevanceGate.Features</c> computed them.</summary>
    public static float[] GateFeatures(IReadOnlyList<float[]> pairFeatures, float[] probabilities)
    {
        var sorted = probabilities.OrderDescending().ToArray();
        var raw = pairFeatures[0].Length / 2;
        var f = new float[3 + pairFeatures[0].Length];
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

    // Changed helper: the inverted index's DotAll, as one merge dot product per row (same sums in the same order).
    private static float[] DotAll(SparseVector[] rows, SparseVector query) => [.. rows.Select(query.Dot)];

    // Changed helper: ThemeReferences.KeywordCounts and FindKeywords as they were (one multi-string search), from
    // [theme] → lower-case keyword phrases.
    internal static int[] KeywordCounts(string[][] keywords, string lowerText)
    {
        var keywordThemes = keywords
            .SelectMany((phrases, t) => phrases.Where(p => p.Length > 0).Select(p => (Phrase: p, Theme: t)))
            .GroupBy(x => x.Phrase, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Theme).Distinct().ToArray(), StringComparer.Ordinal);
        var keywordSearch = SearchValues.Create(keywordThemes.Keys.ToArray(), StringComparison.Ordinal);
        var keywordsByFirstChar = keywordThemes.Keys
            .GroupBy(k => k[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToArray());

        var found = new List<string>();
        var position = 0;
        while (position < lowerText.Length)
        {
            var offset = lowerText.AsSpan(position).IndexOfAny(keywordSearch);
            if (offset < 0)
            {
                break;
            }

            var start = position + offset;
            var match = start > 0 && char.IsLetterOrDigit(lowerText[start - 1])
                ? null
                : Array.Find(keywordsByFirstChar[lowerText[start]], k => lowerText.AsSpan(start).StartsWith(k, StringComparison.Ordinal));
            if (match is null)
            {
                position = start + 1;
            }
            else
            {
                found.Add(match);
                position = start + match.Length;
            }
        }

        var counts = new int[keywords.Length];
        foreach (var phrase in found.Distinct(StringComparer.Ordinal))
        {
            foreach (var t in keywordThemes[phrase])
            {
                counts[t]++;
            }
        }

        return counts;
    }
}
