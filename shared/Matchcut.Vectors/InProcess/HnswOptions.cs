namespace Matchcut.Vectors.InProcess;

/// <summary>HNSW graph parameters: higher values trade build time and memory for recall.</summary>
public sealed class HnswOptions
{
    /// <summary>Links per node on the upper layers; layer 0 keeps twice as many.</summary>
    public int M { get; set; } = 16;

    /// <summary>Candidate list size while inserting.</summary>
    public int EfConstruction { get; set; } = 100;

    /// <summary>Candidate list size while searching; raised to K when K is larger.</summary>
    public int EfSearch { get; set; } = 64;

    /// <summary>Seeds the level draw so builds are reproducible when single-threaded.</summary>
    public int Seed { get; set; } = 42;
}
