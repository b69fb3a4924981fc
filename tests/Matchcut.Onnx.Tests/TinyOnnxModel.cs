using System.Text;

namespace Matchcut.Onnx.Tests;

/// <summary>Writes a three-input ONNX model by hand, since the shared models each take one float input.</summary>
/// <remarks>
/// Graph: sum = Add(a, b), product = Mul(a, b), ids_out = Identity(ids); a and b are float [batch,3] with a
/// symbolic batch, ids is int64 [2]. Encoded with the protobuf field numbers of onnx.proto.
/// </remarks>
internal static class TinyOnnxModel
{
    private const int FloatType = 1;
    private const int Int64Type = 7;

    public static string WriteToTempFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matchcut-tiny-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Model());
        return path;
    }

    private static byte[] Model()
    {
        var graph = Concat(
            Field(1, Node("Add", ["a", "b"], "sum")),
            Field(1, Node("Mul", ["a", "b"], "product")),
            Field(1, Node("Identity", ["ids"], "ids_out")),
            Field(2, "tiny"),
            Field(11, Value("a", FloatType, "batch", 3)),
            Field(11, Value("b", FloatType, "batch", 3)),
            Field(11, Value("ids", Int64Type, 2)),
            Field(12, Value("sum", FloatType, "batch", 3)),
            Field(12, Value("product", FloatType, "batch", 3)),
            Field(12, Value("ids_out", Int64Type, 2)));
        // ir_version 7, the graph, opset 13 of the default domain.
        return Concat(VarintField(1, 7), Field(7, graph), Field(8, VarintField(2, 13)));
    }

    private static byte[] Node(string op, string[] inputs, string output) =>
        Concat([.. inputs.Select(i => Field(1, i)), Field(2, output), Field(4, op)]);

    /// <summary>ValueInfoProto; a string dimension is symbolic, a number fixed.</summary>
    private static byte[] Value(string name, int elementType, params object[] dims)
    {
        var shape = Concat([.. dims.Select(d => Field(1, d is string s ? Field(2, s) : VarintField(1, Convert.ToInt64(d))))]);
        var tensorType = Concat(VarintField(1, elementType), Field(2, shape));
        return Concat(Field(1, name), Field(2, Field(1, tensorType)));
    }

    private static byte[] Field(int number, string text) => Field(number, Encoding.UTF8.GetBytes(text));

    private static byte[] Field(int number, byte[] payload) => Concat(Varint((ulong)(number << 3 | 2)), Varint((ulong)payload.Length), payload);

    private static byte[] VarintField(int number, long value) => Concat(Varint((ulong)(number << 3)), Varint((ulong)value));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
