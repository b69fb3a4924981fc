namespace Matchcut.Pipeline;

/// <summary>
/// Dedup's features: the verdict on every shot (<see cref="DedupResult"/>), and the frame encoder's per-shot vectors
/// (<see cref="FrameVectorSet"/>) it computed to judge them, declared so EmbedGpu reuses them instead of running the encoder again.
/// </summary>
public static class DedupFeature
{
    /// <summary>Bump when the verdicts change meaning. Verdicts also store the descriptor's fingerprint (another model recomputes).</summary>
    public const string Version = "dedup-v7";

    /// <summary>The frame vectors' layout version.</summary>
    public const string FramesVersion = "frames-v2";

    public static string Dedup(string assetId) => $"assets/{assetId}/dedup/{Version}/dedup.json";
    public static string FrameVectors(string assetId) => $"assets/{assetId}/frames/{FramesVersion}/frames.json";
    public static string FrameVectorRows(string assetId, string kind) => $"assets/{assetId}/frames/{FramesVersion}/{kind}.f32";

    public static FeatureRef Ref(string assetId, string fingerprint) => new(Dedup(assetId), Version, fingerprint);

    public static FeatureRef FramesRef(string assetId, string fingerprint) => new(FrameVectors(assetId), FramesVersion, fingerprint);

    /// <summary>
    /// What the frame vectors were made with: the frame encoder's fingerprint and the frames sampled per shot. Dedup stores
    /// its vectors under it and EmbedGpu reuses them only when its own encoder and sampling give the same one.
    /// </summary>
    public static string FramesFingerprint(string encoderFingerprint, int framesPerShot) =>
        System.FormattableString.Invariant($"{encoderFingerprint}|n{framesPerShot}");
}
