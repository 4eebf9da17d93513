namespace ThemeClassifier.Prediction;

/// <summary>Why a post got (or nearly got) a theme: evidence an analyst can check.</summary>
/// <param name="ThemeId">The theme.</param>
/// <param name="Probability">Its probability.</param>
/// <param name="Passes">Whether the post is given this theme (it passed the relevance gate and is the best theme or passes its threshold).</param>
/// <param name="DefinitionSimilarity">Cosine between the post and the theme's codebook definition (sentence vectors, or n-grams in the fast profile).</param>
/// <param name="NearestExamples">The theme's hand-coded examples closest to the post, closest first.</param>
/// <param name="MatchedKeywords">The theme's keywords found in the post.</param>
/// <param name="SharedWords">The post's content words that also occur in the theme's definition or examples.</param>
/// <param name="Features">The pair's features, by name, as the model saw them.</param>
public sealed record ThemeEvidence(
    string ThemeId,
    float Probability,
    bool Passes,
    float DefinitionSimilarity,
    IReadOnlyList<NearestExample> NearestExamples,
    IReadOnlyList<string> MatchedKeywords,
    IReadOnlyList<string> SharedWords,
    IReadOnlyDictionary<string, float> Features);

/// <summary>A hand-coded example close to the post.</summary>
/// <param name="Id">The example's id in the training data.</param>
/// <param name="Text">Its text.</param>
/// <param name="Similarity">Cosine similarity to the post.</param>
public sealed record NearestExample(string Id, string Text, float Similarity);

/// <summary>A prediction and the evidence behind its best-scored themes.</summary>
/// <param name="Text">The post as given.</param>
/// <param name="NormalizedText">The post as the model read it (retweet prefix, links and handles removed).</param>
/// <param name="Prediction">The prediction.</param>
/// <param name="Evidence">Evidence for each suggested theme, or for the three best-scored when fewer pass.</param>
public sealed record ThemeExplanation(string Text, string NormalizedText, ThemePrediction Prediction, IReadOnlyList<ThemeEvidence> Evidence);
