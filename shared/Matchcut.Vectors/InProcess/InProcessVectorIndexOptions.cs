namespace Matchcut.Vectors.InProcess;

/// <summary>Settings of <see cref="InProcessVectorIndex"/>, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class InProcessVectorIndexOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Vectors:InProcess";

    /// <summary>Exact, HNSW, or exact until a flavour holds <see cref="AutoHnswThreshold"/> vectors.</summary>
    public VectorSearchMode Mode { get; set; } = VectorSearchMode.Auto;

    /// <summary>In Auto mode, the vector count of a flavour from which its HNSW graph is built.</summary>
    public int AutoHnswThreshold { get; set; } = 20_000;

    /// <summary>Graph parameters for Hnsw and Auto modes.</summary>
    public HnswOptions Hnsw { get; set; } = new();

    /// <summary>
    /// A filtered query whose allowed shots hold at most this many numbers in all (shots times the flavour's width) is
    /// answered by a scan of those shots: that is about as quick as a walk. The default is 20,000 shots 256 wide, 2,000 of
    /// the frame flavour's 2,560: a count alone would scan half of a 20,000-shot frame index (100 MB a query) where a walk
    /// finds the same answers in a twentieth of the time.
    /// </summary>
    public long FilteredExactFloats { get; set; } = 5_120_000;

    /// <summary>
    /// A filtered query whose filter lets at most this share of the flavour's shots through is answered by a scan whatever
    /// it costs: a graph walk meets too few allowed shots to find K.
    /// </summary>
    public double FilteredExactFraction { get; set; } = 0.02;

    /// <summary>Whether a query whose filter lets <paramref name="allowed"/> of <paramref name="present"/> shots through scans them rather than walking the graph.</summary>
    public bool ScansFiltered(int allowed, int present, int dimension) =>
        (long)allowed * dimension <= FilteredExactFloats || allowed <= FilteredExactFraction * present;

    /// <summary>Exact scans over at least this many vectors are split across cores.</summary>
    public int ParallelScanThreshold { get; set; } = 65_536;

    /// <summary>Snapshot file: loaded at start when present, written by SaveSnapshotAsync, on dispose and every <see cref="SnapshotInterval"/>.</summary>
    public string? SnapshotPath { get; set; }

    /// <summary>How often changed contents are written to <see cref="SnapshotPath"/>; null writes only on demand and on dispose.</summary>
    public TimeSpan? SnapshotInterval { get; set; }
}
