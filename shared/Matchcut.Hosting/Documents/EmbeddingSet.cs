namespace Matchcut.Hosting.Documents;

/// <summary>
/// EmbedGpu's result: one row per kept shot (in <see cref="ShotIndices"/> order) in each flavour's vector file, and,
/// when the models ran, the per-shot tags, scale, silhouettes and motion at <see cref="AnnotationsKey"/>.
/// </summary>
public sealed record EmbeddingSet(IReadOnlyList<int> ShotIndices, IReadOnlyList<FlavourVectors> Flavours, string? AnnotationsKey = null);

/// <summary>A flavour's vectors: row-major float32 at <see cref="VectorsKey"/>, L2-normalized.</summary>
public sealed record FlavourVectors(string Flavour, int Dimension, string VectorsKey, string Method);
