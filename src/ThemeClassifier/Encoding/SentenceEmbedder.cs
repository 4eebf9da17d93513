using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ThemeClassifier.Encoding;

/// <summary>
/// A sentence encoder from its NuGet package, run the way short posts run fastest: each text on its own (no
/// padding to the longest text of a batch), texts spread over all cores, one ONNX thread each. A text's vector
/// therefore never depends on the other texts of the call. Vectors are unit length. Thread-safe; owns an ONNX
/// Runtime session, so dispose it when done.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    private readonly ISentenceEncoder _encoder;

    private SentenceEmbedder(EncoderKind kind, ISentenceEncoder encoder, int dimension)
    {
        Kind = kind;
        _encoder = encoder;
        Dimension = dimension;
    }

    /// <summary>Which encoder this is.</summary>
    public EncoderKind Kind { get; }

    /// <summary>The length of every vector.</summary>
    public int Dimension { get; }

    /// <summary>Loads the encoder's ONNX model from its package.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="EncoderKind.None"/>.</exception>
    /// <exception cref="Model.InvalidModelException">The encoder's package is not registered (<see cref="SentenceEncoders"/>); the message names it.</exception>
    public static SentenceEmbedder Create(EncoderKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(kind, EncoderKind.None);
        OnnxRuntimeTelemetry.EnsureDisabled();
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new SentenceEmbedder(kind, SentenceEncoders.Create(kind, options), 384);
    }

    /// <summary>Encodes texts into unit vectors, in input order, on all cores. An empty text gets the zero vector.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Encode(texts, new ParallelOptions { CancellationToken = cancellationToken });

    /// <summary>Encodes texts into unit vectors, in input order, with the threads and cancellation of <paramref name="options"/>.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, ParallelOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        var cancellationToken = options.CancellationToken;
        var result = new float[texts.Count][];
        try
        {
            Parallel.For(0, texts.Count, options, i =>
            {
                result[i] = string.IsNullOrWhiteSpace(texts[i])
                    ? new float[Dimension]
                    : Normalize(_encoder.Encode([texts[i]], cancellationToken)[0]);
            });
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // ONNX Runtime reports a run stopped by the token as its own error; callers expect a cancellation.
            throw new OperationCanceledException("Encoding was cancelled.", ex, cancellationToken);
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => (_encoder as IDisposable)?.Dispose();

    private static float[] Normalize(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        if (norm > 0)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] /= norm;
            }
        }

        return v;
    }
}
