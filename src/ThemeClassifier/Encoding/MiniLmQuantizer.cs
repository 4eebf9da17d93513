using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace ThemeClassifier.Encoding;

/// <summary>
/// Turns the MiniLM ONNX graph into its int8 form for <see cref="EncoderKind.MiniLmInt8"/>: every <c>MatMul</c> whose
/// weight is a 2-D float initializer (MiniLM-L6 has 36: the query, key, value, output and two feed-forward matrices of
/// six layers) becomes ONNX Runtime's <c>DynamicQuantizeMatMul</c>, with the weight quantised symmetrically to int8 per
/// output column (scale = the column's largest |w| / 127, zero point 0) and the activations quantised per call by
/// the runtime. Everything else (embeddings, layer norms, attention scores) stays float. The same input gives the same
/// bytes, so a model trained on these vectors is reproducible.
/// </summary>
internal static class MiniLmQuantizer
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Int8 = (int)TensorProto.Types.DataType.Int8;

    /// <summary>The int8 form of <paramref name="model"/>, an ONNX model as bytes.</summary>
    /// <exception cref="InvalidOperationException">The graph has no MatMul with a float weight to quantise.</exception>
    public static byte[] Quantize(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        var weights = graph.Initializer.Where(t => t.DataType == Float && t.Dims.Count == 2).ToDictionary(t => t.Name);
        var quantized = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.OpType == "MatMul" && string.IsNullOrEmpty(node.Domain) && weights.TryGetValue(node.Input[1], out var weight))
            {
                graph.Node[i] = QuantizedMatMul(node, weight, graph);
                quantized.Add(weight.Name);
            }
        }

        if (quantized.Count == 0)
        {
            throw new InvalidOperationException("The encoder's ONNX graph has no MatMul with a float weight to quantise.");
        }

        var stillUsed = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => quantized.Contains(t.Name) && !stillUsed.Contains(t.Name)).ToList())
        {
            graph.Initializer.Remove(unused);
        }

        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        return proto.ToByteArray();
    }

    /// <summary>A <c>DynamicQuantizeMatMul</c> doing <paramref name="node"/>'s work with <paramref name="weight"/> in int8, its initializers added to <paramref name="graph"/>.</summary>
    private static NodeProto QuantizedMatMul(NodeProto node, TensorProto weight, GraphProto graph)
    {
        var rows = checked((int)weight.Dims[0]);
        var columns = checked((int)weight.Dims[1]);
        var values = Values(weight, rows * columns);
        var scales = new float[columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                scales[c] = MathF.Max(scales[c], MathF.Abs(values[(r * columns) + c]));
            }
        }

        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var quantized = new byte[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var q = Math.Clamp(MathF.Round(values[(r * columns) + c] / scales[c], MidpointRounding.ToEven), -127f, 127f);
                quantized[(r * columns) + c] = unchecked((byte)(sbyte)q);
            }
        }

        var name = weight.Name;
        graph.Initializer.Add(Tensor($"{name}_int8", Int8, [rows, columns], quantized));
        graph.Initializer.Add(Tensor($"{name}_scale", Float, [columns], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
        graph.Initializer.Add(Tensor($"{name}_zero_point", Int8, [columns], new byte[columns]));
        var matMul = new NodeProto { OpType = "DynamicQuantizeMatMul", Domain = "com.microsoft", Name = $"{node.Name}_int8" };
        matMul.Input.Add([node.Input[0], $"{name}_int8", $"{name}_scale", $"{name}_zero_point"]);
        matMul.Output.Add(node.Output[0]);
        return matMul;
    }

    /// <summary>A float initializer's values, from raw little-endian bytes or from its float list.</summary>
    private static float[] Values(TensorProto weight, int count)
    {
        if (!weight.RawData.IsEmpty)
        {
            if (weight.RawData.Length != count * sizeof(float) || !BitConverter.IsLittleEndian)
            {
                throw new InvalidOperationException($"The encoder's weight '{weight.Name}' has {weight.RawData.Length} bytes of data, not {count} floats.");
            }

            return MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray();
        }

        return weight.FloatData.Count == count
            ? [.. weight.FloatData]
            : throw new InvalidOperationException($"The encoder's weight '{weight.Name}' has {weight.FloatData.Count} values, not {count}.");
    }

    private static TensorProto Tensor(string name, int dataType, long[] dims, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
