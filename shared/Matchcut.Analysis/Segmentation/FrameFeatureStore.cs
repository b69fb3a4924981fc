namespace Matchcut.Analysis.Segmentation;

/// <summary>Compact per-frame features of a whole video, grown in chunks so a long film never needs one huge array.</summary>
internal sealed class FrameFeatureStore
{
    private const int ChunkFrames = 4096;
    private readonly List<byte[]> _gridChunks = [];
    private readonly List<FrameStats> _stats = [];

    public int Count => _stats.Count;

    public FrameStats this[int frame] => _stats[frame];

    public ReadOnlySpan<byte> Grid(int frame) =>
        _gridChunks[frame / ChunkFrames].AsSpan(frame % ChunkFrames * FeatureGrid.Bytes, FeatureGrid.Bytes);

    /// <summary>Space for the next frame's grid; call <see cref="Commit"/> after filling it.</summary>
    public Span<byte> NextGrid()
    {
        var slot = Count % ChunkFrames;
        if (slot == 0 && Count / ChunkFrames == _gridChunks.Count) _gridChunks.Add(new byte[ChunkFrames * FeatureGrid.Bytes]);
        return _gridChunks[Count / ChunkFrames].AsSpan(slot * FeatureGrid.Bytes, FeatureGrid.Bytes);
    }

    public void Commit(FrameStats stats) => _stats.Add(stats);

    public float Luma(int frame) => _stats[frame].MeanLuma;
}
