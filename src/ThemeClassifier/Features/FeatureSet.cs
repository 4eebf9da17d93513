namespace ThemeClassifier.Features;

/// <summary>Which evidence a model scores a (post, theme) pair by.</summary>
[Flags]
public enum FeatureSet
{
    /// <summary>Similarity to the theme's codebook definition, name and keyword phrases.</summary>
    Definitions = 1,

    /// <summary>Similarity to the theme's hand-coded examples (nearest and mean).</summary>
    Examples = 2,

    /// <summary>ML.NET n-gram similarity to the definition and the examples.</summary>
    NGrams = 4,

    /// <summary>How many of the theme's keywords the post contains.</summary>
    Keywords = 8,

    /// <summary>
    /// The theme's share of the post's nearest hand-coded examples (a similarity-weighted vote of the
    /// <see cref="Features.PairFeatures.Neighbours"/> nearest, no-theme examples included): evidence that sharpens
    /// with every post coded.
    /// </summary>
    Neighbours = 16,

    /// <summary>
    /// Similarity to the theme's exclusion criteria and counter-examples in the codebook (sentence encoder and
    /// n-grams): evidence that the post is another theme that looks like this one.
    /// </summary>
    Exclusions = 32,

    /// <summary>Everything.</summary>
    All = Definitions | Examples | NGrams | Keywords | Neighbours | Exclusions,
}
