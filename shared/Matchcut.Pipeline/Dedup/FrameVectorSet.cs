namespace Matchcut.Pipeline;

/// <summary>
/// The frame encoder's vectors of a set of shots, stored by whichever stage runs the encoder first (Dedup, for every
/// candidate shot) and reused by the next (EmbedGpu, for the kept ones): per shot the mean over its sampled frames, and
/// the vectors of its first and last clean frames (<see cref="HeadFrames"/>/<see cref="TailFrames"/>, standardized frame
/// numbers). Rows follow <see cref="Shots"/>; <see cref="Fingerprint"/> names the encoder, model hash and sampling.
/// Dedup also stores the single frames it judged each shot by (<see cref="FramesKey"/>, <see cref="FrameCounts"/> rows
/// per shot in shot order), so what it compared can be read back instead of computed again.
/// </summary>
public sealed record FrameVectorSet(string Fingerprint, int Dimension, IReadOnlyList<int> Shots, IReadOnlyList<int> HeadFrames,
    IReadOnlyList<int> TailFrames, string MeanKey, string HeadKey, string TailKey, IReadOnlyList<int>? FrameCounts = null, string? FramesKey = null);
