using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;

namespace ThemeClassifier.Encoding;

/// <summary>
/// A sentence encoder from its NuGet package, run the way short posts run fastest. MiniLM texts are tokenised once
/// (<see cref="MiniLmEncoder"/>) and those with the same number of word pieces are encoded together in runs of up to
/// <see cref="RunSize"/>, so a run has no padding and each text's vector is bit for bit its vector alone (the tests
/// check it). The int8 MiniLM and other encoders get one text per call: ONNX Runtime quantises a call's activations
/// with one scale for the whole call, and other encoders' padding is not known here. Calls are spread over all cores,
/// one ONNX thread each, so a text's vector never depends on the other texts. Vectors are unit length. Thread-safe;
/// owns an ONNX Runtime session, so dispose it when done.
/// </summary>
internal sealed class SentenceEmbedder : IDisposable
{
    /// <summary>Texts per encoder call at most: a run of equal-length texts shares one ONNX run, which costs far less than one run per text.</summary>
    internal const int RunSize = 16;

    private readonly MiniLmEncoder? _miniLm;
    private readonly int _runSize;
    private readonly ISentenceEncoder? _encoder;

    private SentenceEmbedder(EncoderKind kind, MiniLmEncoder? miniLm, int runSize, ISentenceEncoder? encoder)
    {
        Kind = kind;
        _miniLm = miniLm;
        _runSize = runSize;
        _encoder = encoder;
    }

    /// <summary>Which encoder this is.</summary>
    public EncoderKind Kind { get; }

    /// <summary>The length of every vector.</summary>
    public int Dimension => MiniLmEncoder.Dimension;

    /// <summary>Loads the encoder's ONNX model from its package.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is <see cref="EncoderKind.None"/>.</exception>
    /// <exception cref="Model.InvalidModelException">The encoder's package is not registered (<see cref="SentenceEncoders"/>); the message names it.</exception>
    public static SentenceEmbedder Create(EncoderKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(kind, EncoderKind.None);
        OnnxRuntimeTelemetry.EnsureDisabled();
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return kind switch
        {
            EncoderKind.MiniLm => new SentenceEmbedder(kind, new MiniLmEncoder(options), RunSize, null),
            EncoderKind.MiniLmInt8 => new SentenceEmbedder(kind, new MiniLmEncoder(options, MiniLmQuantizer.Quantize(MiniLmEncoder.PackageModel())), 1, null),
            _ => new SentenceEmbedder(kind, null, 1, SentenceEncoders.Create(kind, options)),
        };
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
        var present = new List<int>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(texts[i]))
            {
                result[i] = new float[Dimension];
            }
            else
            {
                present.Add(i);
            }
        }

        try
        {
            if (_miniLm is { } miniLm)
            {
                EncodeInRuns(miniLm, _runSize, texts, present, result, options);
            }
            else
            {
                Parallel.ForEach(present, options, i => result[i] = Normalize(_encoder!.Encode([texts[i]], cancellationToken)[0]));
            }
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // ONNX Runtime reports a run stopped by the token as its own error; callers expect a cancellation.
            throw new OperationCanceledException("Encoding was cancelled.", ex, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Tokenises <paramref name="present"/> (indexes into <paramref name="texts"/>) once, then encodes texts of one
    /// word-piece count together, at most <paramref name="runSize"/> a run, in input order within a run.
    /// </summary>
    private static void EncodeInRuns(MiniLmEncoder miniLm, int runSize, IReadOnlyList<string> texts, List<int> present, float[][] result, ParallelOptions options)
    {
        var tokens = new MiniLmEncoder.Tokens[present.Count];
        Parallel.For(0, present.Count, options, k => tokens[k] = MiniLmEncoder.Tokenize(texts[present[k]]));
        var runs = Enumerable.Range(0, present.Count).GroupBy(k => tokens[k].Ids.Length).SelectMany(g => g.Chunk(runSize)).ToArray();
        Parallel.For(0, runs.Length, options, r =>
        {
            var run = runs[r];
            var vectors = miniLm.Encode([.. run.Select(k => tokens[k])], options.CancellationToken);
            for (var k = 0; k < run.Length; k++)
            {
                result[present[run[k]]] = Normalize(vectors[k]);
            }
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _miniLm?.Dispose();
        (_encoder as IDisposable)?.Dispose();
    }

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
