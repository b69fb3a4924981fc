using System.Runtime.InteropServices;

namespace Matchcut.Vectors.InProcess;

/// <summary>Binary snapshot of the whole index, tombstones and graphs included, so a restart resumes without re-embedding or rebuilding.</summary>
internal static class IndexSnapshot
{
    private const int Magic = 0x5843564D; // "MVCX"
    // Version 2 adds each payload's tags and scale; version 1 snapshots still load (without them).
    private const int Version = 2;

    public static void Write(string path, PointTable table, IReadOnlyCollection<FlavourIndex> flavours)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Written beside the target and renamed, so a crash mid-write never leaves a torn snapshot behind.
        var temp = $"{full}.{Guid.NewGuid():N}.partial";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new BinaryWriter(stream))
                WriteTo(writer, table, flavours);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static (PointTable Table, List<FlavourIndex> Flavours) Read(string path, InProcessVectorIndexOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream);
        var version = reader.ReadInt32() == Magic ? reader.ReadInt32() : -1;
        if (version is not (1 or Version))
            throw new InvalidDataException($"'{path}' is not a vector index snapshot of version 1 to {Version}.");
        var flavours = new List<FlavourIndex>();
        var dimensions = new (string Name, int Dimension)[reader.ReadInt32()];
        for (var i = 0; i < dimensions.Length; i++) dimensions[i] = (reader.ReadString(), reader.ReadInt32());
        var table = new PointTable();
        var slotCount = reader.ReadInt32();
        for (var slot = 0; slot < slotCount; slot++)
        {
            var shotId = reader.ReadString();
            var payload = new ShotPayload(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadString(), reader.ReadString());
            if (version >= 2) payload = ReadAnnotations(reader, payload);
            table.Restore(shotId, payload, reader.ReadBoolean());
        }
        foreach (var (name, dimension) in dimensions)
        {
            var store = new VectorStore(dimension);
            var present = new bool[slotCount];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(present.AsSpan()));
            var vector = new float[dimension];
            for (var slot = 0; slot < slotCount; slot++)
            {
                if (!present[slot]) continue;
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
                store.SetNormalized(slot, vector);
            }
            var graph = reader.ReadBoolean() ? HnswGraph.Read(reader, store, options.Hnsw, slotCount) : null;
            // A graph saved under Hnsw mode is dropped when the process now runs Exact.
            if (options.Mode == VectorSearchMode.Exact) graph = null;
            flavours.Add(new FlavourIndex(name, dimension, options, graph, store));
        }
        return (table, flavours);
    }

    private static ShotPayload ReadAnnotations(BinaryReader reader, ShotPayload payload)
    {
        var tagCount = reader.ReadInt32();
        string[]? tags = tagCount < 0 ? null : new string[tagCount];
        for (var i = 0; i < tagCount; i++) tags![i] = reader.ReadString();
        var scale = reader.ReadBoolean() ? reader.ReadString() : null;
        return payload with { Tags = tags, Scale = scale };
    }

    private static void WriteAnnotations(BinaryWriter writer, ShotPayload p)
    {
        writer.Write(p.Tags?.Count ?? -1);
        foreach (var tag in p.TagList) writer.Write(tag);
        writer.Write(p.Scale is not null);
        if (p.Scale is not null) writer.Write(p.Scale);
    }

    private static void WriteTo(BinaryWriter writer, PointTable table, IReadOnlyCollection<FlavourIndex> flavours)
    {
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(flavours.Count);
        foreach (var flavour in flavours)
        {
            writer.Write(flavour.Name);
            writer.Write(flavour.Dimension);
        }
        var slotCount = table.Count;
        writer.Write(slotCount);
        for (var slot = 0; slot < slotCount; slot++)
        {
            var p = table.PayloadAt(slot);
            writer.Write(table.ShotIdAt(slot));
            writer.Write(p.TitleId);
            writer.Write(p.AssetId);
            writer.Write(p.ShotIndex);
            writer.Write(p.StartSec);
            writer.Write(p.EndSec);
            writer.Write(p.KeyframeKey);
            writer.Write(p.ClipKey);
            WriteAnnotations(writer, p);
            writer.Write(table.IsDeleted(slot));
        }
        foreach (var flavour in flavours)
        {
            var store = flavour.Store;
            // Copied rather than grown in place: saving runs beside searches and must not change the store.
            var present = new bool[slotCount];
            store.Present.AsSpan(0, Math.Min(slotCount, store.Present.Length)).CopyTo(present);
            writer.Write(MemoryMarshal.AsBytes(present.AsSpan()));
            for (var slot = 0; slot < slotCount; slot++)
                if (present[slot]) writer.Write(MemoryMarshal.AsBytes(store.Get(slot)));
            writer.Write(flavour.Graph is not null);
            flavour.Graph?.Write(writer, slotCount);
        }
    }
}
