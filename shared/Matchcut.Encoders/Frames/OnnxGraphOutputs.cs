namespace Matchcut.Encoders.Frames;

/// <summary>
/// Exposes an intermediate tensor of an ONNX model as an extra graph output, by editing the model's protobuf: the
/// tensor's value_info entry (graph field 13), or a declaration written from its shape, joins the graph's outputs
/// (field 12); every other byte is kept. ONNX Runtime only returns declared outputs, and the packaged ResNet18 and the
/// published DeepLabV3 and YOLOX-nano declare only their final ones.
/// </summary>
public static class OnnxGraphOutputs
{
    private const int ModelGraphField = 7, GraphOutputField = 12, GraphValueInfoField = 13, ValueInfoNameField = 1;

    /// <summary>The model bytes with <paramref name="tensorName"/> added to the graph outputs.</summary>
    public static byte[] WithOutput(byte[] model, string tensorName) =>
        RewriteGraph(model, graphBytes =>
        {
            var valueInfo = Fields(graphBytes).Where(f => f.Number == GraphValueInfoField && f.Wire == 2)
                .Select(f => graphBytes.AsSpan(f.Start, f.Length).ToArray())
                .FirstOrDefault(v => NameOf(v) == tensorName)
                ?? throw new InvalidDataException($"The model has no intermediate tensor '{tensorName}' with a declared shape.");
            return [.. graphBytes, .. Encode(GraphOutputField, valueInfo)];
        });

    /// <summary>
    /// The model bytes with float tensor <paramref name="tensorName"/> of shape <paramref name="dims"/> declared as an
    /// output right after the existing ones (where ONNX's serializer puts it), for models that declare no value_info.
    /// </summary>
    public static byte[] WithFloatOutput(byte[] model, string tensorName, IReadOnlyList<long> dims) =>
        RewriteGraph(model, graphBytes =>
        {
            var lastOutput = Fields(graphBytes).LastOrDefault(f => f.Number == GraphOutputField && f.Wire == 2);
            if (lastOutput.Length == 0) throw new InvalidDataException("The model's graph declares no outputs.");
            var end = lastOutput.Start + lastOutput.Length;
            var shape = dims.SelectMany(d => Encode(1, [.. Varint(1 << 3), .. Varint((ulong)d)])).ToArray();
            byte[] tensor = [.. Varint(1 << 3), .. Varint(1), .. Encode(2, shape)];
            byte[] valueInfo = [.. Encode(ValueInfoNameField, System.Text.Encoding.UTF8.GetBytes(tensorName)), .. Encode(2, Encode(1, tensor))];
            return [.. graphBytes.AsSpan(0, end), .. Encode(GraphOutputField, valueInfo), .. graphBytes.AsSpan(end)];
        });

    private static byte[] RewriteGraph(byte[] model, Func<byte[], byte[]> edit)
    {
        var fields = Fields(model);
        var graph = fields.SingleOrDefault(f => f.Number == ModelGraphField && f.Wire == 2);
        if (graph.Length == 0) throw new InvalidDataException("Not an ONNX model: no graph.");
        var newGraph = edit(model.AsSpan(graph.Start, graph.Length).ToArray());
        using var result = new MemoryStream();
        result.Write(model, 0, graph.HeaderStart);
        result.Write(Encode(ModelGraphField, newGraph));
        result.Write(model, graph.Start + graph.Length, model.Length - graph.Start - graph.Length);
        return result.ToArray();
    }

    private static string? NameOf(byte[] valueInfo) =>
        Fields(valueInfo).Where(f => f.Number == ValueInfoNameField && f.Wire == 2)
            .Select(f => System.Text.Encoding.UTF8.GetString(valueInfo, f.Start, f.Length)).FirstOrDefault();

    private readonly record struct Field(int Number, int Wire, int HeaderStart, int Start, int Length);

    private static List<Field> Fields(byte[] bytes)
    {
        var fields = new List<Field>();
        var i = 0;
        while (i < bytes.Length)
        {
            var header = i;
            var key = ReadVarint(bytes, ref i);
            var (number, wire) = ((int)(key >> 3), (int)(key & 7));
            switch (wire)
            {
                case 0: ReadVarint(bytes, ref i); fields.Add(new Field(number, wire, header, i, 0)); break;
                case 1: fields.Add(new Field(number, wire, header, i, 8)); i += 8; break;
                case 5: fields.Add(new Field(number, wire, header, i, 4)); i += 4; break;
                case 2:
                    var length = checked((int)ReadVarint(bytes, ref i));
                    fields.Add(new Field(number, wire, header, i, length));
                    i += length;
                    break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire} at byte {header}.");
            }
            if (i > bytes.Length) throw new InvalidDataException("Truncated protobuf.");
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] bytes, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (i >= bytes.Length || shift > 63) throw new InvalidDataException("Malformed protobuf varint.");
            var b = bytes[i++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    private static byte[] Encode(int number, byte[] payload) => [.. Varint(((ulong)number << 3) | 2), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Varint(ulong v)
    {
        var bytes = new List<byte>();
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }
}
