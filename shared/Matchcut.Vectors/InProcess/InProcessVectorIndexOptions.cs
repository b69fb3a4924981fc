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

    /// <summary>A filtered query whose filter lets at most this many shots through is answered exactly: a graph walk would find too few.</summary>
    public int FilteredExactThreshold { get; set; } = 10_000;

    /// <summary>Same as <see cref="FilteredExactThreshold"/> but as a share of the flavour's shots.</summary>
    public double FilteredExactFraction { get; set; } = 0.02;

    /// <summary>Exact scans over at least this many vectors are split across cores.</summary>
    public int ParallelScanThreshold { get; set; } = 65_536;

    /// <summary>Snapshot file: loaded at start when present, written by SaveSnapshotAsync, on dispose and every <see cref="SnapshotInterval"/>.</summary>
    public string? SnapshotPath { get; set; }

    /// <summary>How often changed contents are written to <see cref="SnapshotPath"/>; null writes only on demand and on dispose.</summary>
    public TimeSpan? SnapshotInterval { get; set; }
}
