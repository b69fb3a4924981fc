namespace Matchcut.Pipeline;

/// <summary>
/// Score's result: the top K pairs of kept shots per flavour, best first, with the provenance of each flavour and the
/// fingerprint of the embeddings it scored (a different one recomputes).
/// </summary>
public sealed record MatchSet(int K, IReadOnlyDictionary<string, IReadOnlyList<MatchPair>> Flavours,
    IReadOnlyDictionary<string, ModelProvenance>? Provenance = null, string? Fingerprint = null);

/// <summary>
/// The end of shot A cut to the start of shot B, and how well it works as a match cut in the flavour. Frame pairs are
/// directed (A may come after B in the film; both directions are separate candidates) and name the standardized frames
/// scored: <see cref="AFrame"/> the last clean frame of A, <see cref="BFrame"/> the first clean frame of B.
/// </summary>
public sealed record MatchPair(int A, int B, double Score, int? AFrame = null, int? BFrame = null);
