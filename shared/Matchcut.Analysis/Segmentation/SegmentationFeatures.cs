using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Matchcut.Analysis.Segmentation;

/// <summary>
/// What segmentation needs from a video's one decode: compact per-frame features and each frame's presentation time,
/// without the pictures. Made by <see cref="ShotAnalyzer.ExtractAsync"/> or alongside the standardized encode
/// (<see cref="StandardizeWithAnalysis"/>), stored, and segmented later by <see cref="ShotAnalyzer.Segment"/>
/// without decoding the source again.
/// </summary>
public sealed class SegmentationFeatures
{
    // The per-frame fields in declaration order with their types: a field added, removed, renamed or retyped changes it.
    private static readonly string Layout = string.Join(',', typeof(FrameStats)
        .GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        .OrderBy(f => Marshal.OffsetOf<FrameStats>(f.Name))
        .Select(f => $"{f.Name.Replace("<", "").Replace(">k__BackingField", "")}:{f.FieldType.Name}"))
        + $";grid={FeatureGrid.Columns}x{FeatureGrid.Rows}";

    /// <summary>
    /// Names the features' meaning and layout: the format number (bump it when extraction changes what a field means)
    /// and a digest of the per-frame fields and grid size, so adding a per-frame feature changes it by itself and
    /// features stored by an older build are recomputed, not misread.
    /// </summary>
    public static readonly string Version = $"segfeat-v1-{LayoutDigest()}";

    private const int FormatNumber = 1;
    private static ReadOnlySpan<byte> Magic => "MCSEGFT\0"u8;

    internal SegmentationFeatures(FrameFeatureStore frames, double[] pts, int width, int height)
    {
        if (frames.Count != pts.Length) throw new ArgumentException($"{frames.Count} frames but {pts.Length} times.");
        Frames = frames;
        Pts = pts;
        Width = width;
        Height = height;
    }

    internal FrameFeatureStore Frames { get; }

    /// <summary>Each frame's presentation time in seconds, as ffmpeg's showinfo reported it, in presentation order.</summary>
    public double[] Pts { get; }

    /// <summary>Size of the analysis frames the features were computed from.</summary>
    public int Width { get; }

    public int Height { get; }

    public int FrameCount => Pts.Length;

    /// <summary>
    /// Writes the features: a header (magic, format number, layout, analysis size, frame count), then the times,
    /// the scalar features and the colour grids, all little-endian. About 470 bytes a frame: 80 MB for two hours at 24 fps.
    /// </summary>
    public async Task WriteAsync(Stream stream, CancellationToken ct = default)
    {
        var layout = Encoding.UTF8.GetBytes(Layout);
        var header = new byte[Magic.Length + 6 * sizeof(int) + layout.Length];
        Magic.CopyTo(header);
        var at = Magic.Length;
        foreach (var v in new[] { FormatNumber, layout.Length, StatsBytes, FeatureGrid.Bytes, Width, Height })
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(at), v);
            at += sizeof(int);
        }
        layout.CopyTo(header, at);
        await stream.WriteAsync(header, ct);
        var count = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(count, FrameCount);
        await stream.WriteAsync(count, ct);

        const int block = 4096;
        var buffer = new byte[block * Math.Max(FeatureGrid.Bytes, Math.Max(StatsBytes, sizeof(double)))];
        for (var start = 0; start < FrameCount; start += block)
        {
            var n = Math.Min(block, FrameCount - start);
            MemoryMarshal.AsBytes(Pts.AsSpan(start, n)).CopyTo(buffer);
            await stream.WriteAsync(buffer.AsMemory(0, n * sizeof(double)), ct);
        }
        for (var start = 0; start < FrameCount; start += block)
        {
            var n = Math.Min(block, FrameCount - start);
            var stats = MemoryMarshal.Cast<byte, FrameStats>(buffer.AsSpan(0, n * StatsBytes));
            for (var i = 0; i < n; i++) stats[i] = Frames[start + i];
            await stream.WriteAsync(buffer.AsMemory(0, n * StatsBytes), ct);
        }
        for (var start = 0; start < FrameCount; start += block)
        {
            var n = Math.Min(block, FrameCount - start);
            for (var i = 0; i < n; i++) Frames.Grid(start + i).CopyTo(buffer.AsSpan(i * FeatureGrid.Bytes));
            await stream.WriteAsync(buffer.AsMemory(0, n * FeatureGrid.Bytes), ct);
        }
    }

    /// <summary>Reads features written by <see cref="WriteAsync"/>; throws <see cref="InvalidDataException"/> naming what differs when they were written by another layout.</summary>
    public static async Task<SegmentationFeatures> ReadAsync(Stream stream, CancellationToken ct = default)
    {
        try
        {
            return await ReadAllAsync(stream, ct);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("Segmentation features end early (truncated file).", ex);
        }
    }

    private static async Task<SegmentationFeatures> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        var fixedHeader = new byte[Magic.Length + 6 * sizeof(int)];
        await stream.ReadExactlyAsync(fixedHeader, ct);
        if (!fixedHeader.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException("Not a segmentation features file (wrong magic).");
        var values = new int[6];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(Magic.Length + i * sizeof(int)));
        var (format, layoutLength, statsBytes, gridBytes, width, height) = (values[0], values[1], values[2], values[3], values[4], values[5]);
        if (format != FormatNumber) throw new InvalidDataException($"Segmentation features format {format}; this build reads {FormatNumber}.");
        if (layoutLength is < 0 or > 4096) throw new InvalidDataException($"Segmentation features header is damaged (layout of {layoutLength} bytes).");
        var layoutBytes = new byte[layoutLength];
        await stream.ReadExactlyAsync(layoutBytes, ct);
        var layout = Encoding.UTF8.GetString(layoutBytes);
        if (layout != Layout || statsBytes != StatsBytes || gridBytes != FeatureGrid.Bytes)
            throw new InvalidDataException($"Segmentation features were written with fields [{layout}] ({statsBytes} + {gridBytes} bytes a frame); "
                + $"this build uses [{Layout}] ({StatsBytes} + {FeatureGrid.Bytes}). Recompute them.");
        var countBytes = new byte[sizeof(int)];
        await stream.ReadExactlyAsync(countBytes, ct);
        var count = BinaryPrimitives.ReadInt32LittleEndian(countBytes);
        if (count < 0) throw new InvalidDataException($"Segmentation features header is damaged ({count} frames).");

        var pts = new double[count];
        const int block = 4096;
        var buffer = new byte[block * Math.Max(FeatureGrid.Bytes, Math.Max(StatsBytes, sizeof(double)))];
        for (var start = 0; start < count; start += block)
        {
            var n = Math.Min(block, count - start);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, n * sizeof(double)), ct);
            MemoryMarshal.Cast<byte, double>(buffer.AsSpan(0, n * sizeof(double))).CopyTo(pts.AsSpan(start, n));
        }
        var stats = new FrameStats[count];
        for (var start = 0; start < count; start += block)
        {
            var n = Math.Min(block, count - start);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, n * StatsBytes), ct);
            MemoryMarshal.Cast<byte, FrameStats>(buffer.AsSpan(0, n * StatsBytes)).CopyTo(stats.AsSpan(start, n));
        }
        var frames = new FrameFeatureStore();
        for (var start = 0; start < count; start += block)
        {
            var n = Math.Min(block, count - start);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, n * FeatureGrid.Bytes), ct);
            for (var i = 0; i < n; i++)
            {
                buffer.AsSpan(i * FeatureGrid.Bytes, FeatureGrid.Bytes).CopyTo(frames.NextGrid());
                frames.Commit(stats[start + i]);
            }
        }
        return new SegmentationFeatures(frames, pts, width, height);
    }

    private static int StatsBytes => Unsafe.SizeOf<FrameStats>();

    private static string LayoutDigest() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Layout)))[..8];
}
