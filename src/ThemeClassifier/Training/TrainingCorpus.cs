using ThemeClassifier.Data;
using ThemeClassifier.Encoding;
using ThemeClassifier.Features;

namespace ThemeClassifier.Training;

/// <summary>
/// Training data encoded once: every post's and every codebook text's sentence vectors. Folds of
/// cross-validation take subsets of it, so nothing is encoded twice.
/// </summary>
internal sealed class TrainingCorpus
{
    private TrainingCorpus(TrainingData data, TrainingOptions options, string[] normalized, float[][][] postVectors, float[][][] definitionVectors, float[][][][] anchorVectors, float[][][][] exclusionVectors)
    {
        ExclusionVectors = exclusionVectors;
        Data = data;
        Options = options;
        Normalized = normalized;
        PostVectors = postVectors;
        DefinitionVectors = definitionVectors;
        AnchorVectors = anchorVectors;
        Themes = ThemeIndices(data);
    }

    public TrainingData Data { get; }

    public TrainingOptions Options { get; }

    /// <summary>Normalised post texts.</summary>
    public string[] Normalized { get; }

    /// <summary>[post][encoder] vectors.</summary>
    public float[][][] PostVectors { get; }

    /// <summary>[encoder][theme] definition vectors.</summary>
    public float[][][] DefinitionVectors { get; }

    /// <summary>[encoder][theme][anchor] vectors.</summary>
    public float[][][][] AnchorVectors { get; }

    /// <summary>[encoder][theme][text] exclusion criterion and counter-example vectors.</summary>
    public float[][][][] ExclusionVectors { get; }

    /// <summary>[post] theme indices, most central first.</summary>
    public int[][] Themes { get; }

    public int Count => Normalized.Length;

    /// <summary>[post] theme indices, most central first.</summary>
    public static int[][] ThemeIndices(TrainingData data) =>
        data.Posts.Select(p => p.Themes.Select(data.Codebook.IndexOf).ToArray()).ToArray();

    public static TrainingCorpus Encode(TrainingData data, TrainingOptions options, IReadOnlyList<SentenceEmbedder> embedders, CancellationToken ct)
    {
        var themes = data.Codebook.Themes;
        var normalized = data.Posts.Select(p => TextNormalizer.Normalize(p.Text)).ToArray();
        var perEncoderPosts = embedders.Select(e => e.Encode(normalized, ct)).ToArray();
        var postVectors = normalized.Select((_, i) => perEncoderPosts.Select(v => v[i]).ToArray()).ToArray();
        var definitions = embedders.Select(e => e.Encode(themes.Select(ThemeReferences.DefinitionText).ToArray(), ct)).ToArray();
        var anchors = embedders.Select(e => themes.Select(t => e.Encode(ThemeReferences.AnchorTexts(t), ct)).ToArray()).ToArray();
        var exclusions = embedders.Select(e => themes.Select(t => e.Encode(ThemeReferences.ExclusionTexts(t), ct)).ToArray()).ToArray();
        return new TrainingCorpus(data, options, normalized, postVectors, definitions, anchors, exclusions);
    }

    /// <summary>The posts in <paramref name="posts"/> as a corpus of their own (nothing is encoded again).</summary>
    public TrainingCorpus Subset(int[] posts, TrainingOptions options) =>
        new(new TrainingData(Data.Codebook, posts.Select(i => Data.Posts[i])), options, posts.Select(i => Normalized[i]).ToArray(), posts.Select(i => PostVectors[i]).ToArray(), DefinitionVectors, AnchorVectors, ExclusionVectors);

    /// <summary>Fits the n-gram featurizer and builds the references from the posts in <paramref name="subset"/>.</summary>
    public (NGramFeaturizer Featurizer, ThemeReferences References) BuildReferences(int[] subset)
    {
        var themes = Data.Codebook.Themes;
        var themeTexts = themes.Select(ThemeReferences.NGramText).ToArray();
        var featurizer = NGramFeaturizer.Fit(subset.Select(i => Normalized[i]).Concat(themeTexts), Options.CharacterNGrams, Options.Seed);
        var encoders = Options.Encoders.Count;
        var references = new ThemeReferences(
            subset.Select(i => Data.Posts[i].Id).ToArray(),
            subset.Select(i => Data.Posts[i].Text).ToArray(),
            subset.Select(i => Themes[i]).ToArray(),
            themes.Count,
            themes.Select(t => t.Keywords.Select(k => k.ToLowerInvariant()).ToArray()).ToArray(),
            DefinitionVectors,
            AnchorVectors,
            Enumerable.Range(0, encoders).Select(e => subset.Select(i => PostVectors[i][e]).ToArray()).ToArray(),
            featurizer.Transform(themeTexts),
            featurizer.Transform(subset.Select(i => Normalized[i]).ToArray()),
            ExclusionVectors,
            featurizer.Transform(themes.Select(ThemeReferences.ExclusionNGramText).ToArray()));
        return (featurizer, references);
    }

    /// <summary>
    /// Pair features of the posts in <paramref name="posts"/> against <paramref name="references"/>, built from the
    /// posts in <paramref name="referencePosts"/> of this corpus (null when the references come from another corpus).
    /// A post never sees itself among the references and, with <see cref="TrainingOptions.LeaveHeadingOut"/>, nor
    /// the posts under its report heading.
    /// </summary>
    public float[][][] Features(int[] posts, NGramFeaturizer featurizer, ThemeReferences references, int[]? referencePosts)
    {
        var ngrams = featurizer.Transform(posts.Select(i => Normalized[i]).ToArray());
        return posts.Select((i, k) =>
        {
            var skip = referencePosts?.Select(j => j == i || (Options.LeaveHeadingOut && Data.Posts[i].Heading is { } h && h == Data.Posts[j].Heading)).ToArray();
            return PairFeatures.Compute(references, Options.Features, PostVectors[i], ngrams[k], Normalized[i].ToLowerInvariant(), skip);
        }).ToArray();
    }
}
