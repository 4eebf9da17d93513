using Onnx;
using ThemeClassifier.Encoding;

namespace ThemeClassifier.Tests.Encoding;

public sealed class MiniLmQuantizerTests
{
    [Fact]
    public void Quantize_PackageModel_EveryWeightMatMulBecomesInt8()
    {
        var original = ModelProto.Parser.ParseFrom(MiniLmEncoder.PackageModel());
        var weights = original.Graph.Initializer.Where(t => t.Dims.Count == 2).Select(t => t.Name).ToHashSet();
        var weightMatMuls = original.Graph.Node.Count(n => n.OpType == "MatMul" && weights.Contains(n.Input[1]));

        var quantized = ModelProto.Parser.ParseFrom(MiniLmQuantizer.Quantize(MiniLmEncoder.PackageModel()));

        Assert.Equal(36, weightMatMuls);
        var graph = quantized.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var int8 = graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul").ToList();
        Assert.Equal(weightMatMuls, int8.Count);
        Assert.All(int8, n => Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[n.Input[1]].DataType));
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1]));
        Assert.Equal(original.Graph.Node.Count, graph.Node.Count);
        Assert.Contains(quantized.OpsetImport, o => o.Domain == "com.microsoft");
    }

    [Fact]
    public void Quantize_SameModelTwice_SameBytes()
    {
        var model = MiniLmEncoder.PackageModel();

        Assert.True(MiniLmQuantizer.Quantize(model).AsSpan().SequenceEqual(MiniLmQuantizer.Quantize(model)));
    }

    [Fact]
    public void Quantize_GraphWithoutWeights_ThrowsNamingWhy()
    {
        var model = new ModelProto { Graph = new GraphProto() };
        var relu = new NodeProto { OpType = "Relu" };
        relu.Input.Add("x");
        relu.Output.Add("y");
        model.Graph.Node.Add(relu);

        var ex = Assert.Throws<InvalidOperationException>(() => MiniLmQuantizer.Quantize(Google.Protobuf.MessageExtensions.ToByteArray(model)));

        Assert.Contains("no MatMul", ex.Message, StringComparison.Ordinal);
    }
}
