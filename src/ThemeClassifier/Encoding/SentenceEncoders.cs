using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ThemeClassifier.Encoding;

/// <summary>
/// The sentence encoders this process can run. MiniLM (the default model's encoder) and its int8 form are built in; any other is
/// added by its package with one explicit call at startup (for arctic-embed-xs:
/// <c>ThemeClassifier.Encoders.ArcticXs.ArcticXsEncoder.Register()</c>), so the core package carries one ONNX model.
/// </summary>
public static class SentenceEncoders
{
    private static readonly ConcurrentDictionary<EncoderKind, Func<SessionOptions, ISentenceEncoder>> Added = new();

    /// <summary>Makes <paramref name="kind"/> available to loading and training. Registering a kind again replaces its factory.</summary>
    /// <param name="kind">The encoder kind (not <see cref="EncoderKind.None"/> or a built-in one).</param>
    /// <param name="factory">Creates the encoder with the given ONNX session options.</param>
    internal static void Register(EncoderKind kind, Func<SessionOptions, ISentenceEncoder> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (kind == EncoderKind.None || IsBuiltIn(kind) || !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only an encoder kind that is not built in can be registered.");
        }

        Added[kind] = factory;
    }

    /// <summary>Whether <paramref name="kind"/> can be created in this process.</summary>
    /// <param name="kind">The encoder.</param>
    /// <returns><see langword="true"/> for the built-in MiniLM (either form) and for a kind its package registered.</returns>
    public static bool IsAvailable(EncoderKind kind) => IsBuiltIn(kind) || Added.ContainsKey(kind);

    /// <summary>The NuGet package that brings <paramref name="kind"/>.</summary>
    /// <param name="kind">The encoder.</param>
    /// <returns>The package id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="EncoderKind.None"/> or unknown.</exception>
    public static string PackageOf(EncoderKind kind) => kind switch
    {
        EncoderKind.MiniLm or EncoderKind.MiniLmInt8 => "ThemeClassifier (built in)",
        EncoderKind.ArcticXs => "ThemeClassifier.Encoders.ArcticXs",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This encoder kind has no package."),
    };

    private static bool IsBuiltIn(EncoderKind kind) => kind is EncoderKind.MiniLm or EncoderKind.MiniLmInt8;

    /// <summary>What to do when <paramref name="kind"/> is not available.</summary>
    internal static string MissingMessage(EncoderKind kind) =>
        $"The {kind} sentence encoder is not available in this process: add a PackageReference to {PackageOf(kind)} and call its Register() at startup (ThemeClassifier.Encoders.{kind}.{kind}Encoder.Register()).";

    /// <summary>Creates a registered (not built-in) encoder, or throws <see cref="Model.InvalidModelException"/> naming the package to add.</summary>
    internal static ISentenceEncoder Create(EncoderKind kind, SessionOptions options)
    {
        return Added.TryGetValue(kind, out var factory)
            ? factory(options)
            : throw new Model.InvalidModelException(MissingMessage(kind));
    }
}
