namespace Matchcut.Vectors.InProcess;

/// <summary>How the in-process index finds nearest shots.</summary>
public enum VectorSearchMode
{
    /// <summary>Scores every stored vector: exact, linear in the index size.</summary>
    Exact,

    /// <summary>Walks an HNSW graph: approximate, sub-linear.</summary>
    Hnsw,

    /// <summary>Exact while a flavour is small, HNSW once it reaches <see cref="InProcessVectorIndexOptions.AutoHnswThreshold"/>.</summary>
    Auto,
}
