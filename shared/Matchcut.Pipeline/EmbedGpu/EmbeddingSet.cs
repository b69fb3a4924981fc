namespace Matchcut.Pipeline;

/// <summary>
/// EmbedGpu's result: one row per kept shot (in <see cref="ShotIndices"/> order) in each flavour's vector file, and,
/// when the models ran, the per-shot tags, scale, silhouettes and motion at <see cref="AnnotationsKey"/>.
/// <see cref="Boundaries"/> holds the frame encoder's vectors of each shot's first and last clean frame (what frame
/// pairs are scored on); the frame flavour's own rows are whole-shot means (for similar-shot search).
/// <see cref="Provenance"/> says per flavour (and for tags and scale) which method and model made it;
/// <see cref="Fingerprint"/> is what the set was computed with, so another model recomputes it.
/// </summary>
public sealed record EmbeddingSet(IReadOnlyList<int> ShotIndices, IReadOnlyList<FlavourVectors> Flavours, string? AnnotationsKey = null,
    BoundaryVectors? Boundaries = null, IReadOnlyDictionary<string, ModelProvenance>? Provenance = null, string? Fingerprint = null);

/// <summary>
/// A flavour's vectors: row-major float32 at <see cref="VectorsKey"/>, L2-normalized. <see cref="LeftOut"/>: shots whose
/// row is not to be paired in this flavour (motion and camera: near-still shots). <see cref="Absent"/>: shots that have
/// no vector in this flavour (silhouette: no person mask); their rows are zeros, kept so rows follow the shot order,
/// and are neither paired, indexed nor searched with.
/// </summary>
public sealed record FlavourVectors(string Flavour, int Dimension, string VectorsKey, string Method, IReadOnlyList<int>? LeftOut = null,
    IReadOnlyList<int>? Absent = null);

/// <summary>
/// Frame vectors of each kept shot's first clean frame (<see cref="HeadKey"/>) and last clean frame (<see cref="TailKey"/>),
/// rows in the set's shot order; <see cref="HeadFrames"/>/<see cref="TailFrames"/> are those standardized frame numbers
/// (the shot's first-frame and last-frame pictures show exactly them).
/// </summary>
public sealed record BoundaryVectors(int Dimension, string HeadKey, string TailKey, IReadOnlyList<int> HeadFrames, IReadOnlyList<int> TailFrames);

/// <summary>What made a flavour: the method, and the model file's name and SHA-256 (null for methods without a model).</summary>
public sealed record ModelProvenance(string Method, string? Model, string? ModelSha256);
