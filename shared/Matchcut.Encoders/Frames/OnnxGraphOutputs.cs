namespace Matchcut.Encoders.Frames;

/// <summary>
/// Exposes an intermediate tensor of an ONNX model as an extra graph output, by editing the model's protobuf: the
/// tensor's value_info entry (graph field 13) is appended to the graph's outputs (field 12); every other byte is kept.
/// ONNX Runtime only returns declared outputs, and the packaged ResNet18 declares only its pooled vector.
/// </summary>
public static class OnnxGraphOutputs
{
    private const int ModelGraphField = 7, GraphOutputField = 12, GraphValueInfoField = 13, ValueInfoNameField = 1;

    /// <summary>The model bytes with <paramref name="tensorName"/> added to the graph outputs.</summary>
    public static byte[] WithOutput(byte[] model, string tensorName)
    {
        var fields = Fields(model);
        var graph = fields.SingleOrDefault(f => f.Number == ModelGraphField && f.Wire == 2);
        if (graph.Length == 0) throw new InvalidDataException("Not an ONNX model: no graph.");
        var graphBytes = model.AsSpan(graph.Start, graph.Length).ToArray();
        var graphFields = Fields(graphBytes);
        var valueInfo = graphFields.Where(f => f.Number == GraphValueInfoField && f.Wire == 2)
            .Select(f => graphBytes.AsSpan(f.Start, f.Length).ToArray())
            .FirstOrDefault(v => NameOf(v) == tensorName)
            ?? throw new InvalidDataException($"The model has no intermediate tensor '{tensorName}' with a declared shape.");
        using var newGraph = new MemoryStream();
        newGraph.Write(graphBytes);
        WriteField(newGraph, GraphOutputField, valueInfo);
        using var result = new MemoryStream();
        var at = 0;
        foreach (var f in fields)
        {
            if (f.Number != ModelGraphField) continue;
            result.Write(model, at, f.HeaderStart - at);
            WriteField(result, ModelGraphField, newGraph.ToArray());
            at = f.Start + f.Length;
        }
        result.Write(model, at, model.Length - at);
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

    private static void WriteField(Stream s, int number, byte[] payload)
    {
        WriteVarint(s, ((ulong)number << 3) | 2);
        WriteVarint(s, (ulong)payload.Length);
        s.Write(payload);
    }

    private static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }
}
