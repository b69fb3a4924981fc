namespace Matchcut.Vectors.InProcess;

internal sealed partial class HnswGraph
{
    /// <summary>Writes the links of the first <paramref name="slotCount"/> slots so a restart need not rebuild the graph.</summary>
    public void Write(BinaryWriter writer, int slotCount)
    {
        writer.Write(_m);
        writer.Write(_entryPoint);
        writer.Write(_topLevel);
        writer.Write(_nodeCount);
        for (var slot = 0; slot < slotCount; slot++)
        {
            var level = slot < _levels.Length ? _levels[slot] : -1;
            writer.Write(level);
            if (level < 0) continue;
            WriteInts(writer, _links0.AsSpan(slot * Stride0, Stride0));
            if (level > 0) WriteInts(writer, _upperLinks[slot]);
        }
    }

    public static HnswGraph Read(BinaryReader reader, VectorStore vectors, HnswOptions options, int slotCount)
    {
        var m = reader.ReadInt32();
        var graph = new HnswGraph(vectors, new HnswOptions { M = m, EfConstruction = options.EfConstruction, EfSearch = options.EfSearch, Seed = options.Seed });
        graph._entryPoint = reader.ReadInt32();
        graph._topLevel = reader.ReadInt32();
        graph._nodeCount = reader.ReadInt32();
        graph.EnsureCapacity(Math.Max(1, slotCount));
        for (var slot = 0; slot < slotCount; slot++)
        {
            var level = reader.ReadInt32();
            graph._levels[slot] = level;
            if (level < 0) continue;
            ReadInts(reader, graph._links0.AsSpan(slot * graph.Stride0, graph.Stride0));
            if (level == 0) continue;
            var upper = new int[level * graph.StrideUpper];
            ReadInts(reader, upper);
            graph._upperLinks[slot] = upper;
        }
        return graph;
    }

    private static void WriteInts(BinaryWriter writer, ReadOnlySpan<int> values) =>
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    private static void ReadInts(BinaryReader reader, Span<int> values)
    {
        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }
}
