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

    /// <summary>Everything.</summary>
    All = Definitions | Examples | NGrams | Keywords,
}
