namespace Matchcut.Pipeline;

/// <summary>
/// EmbedGpu's features: the flavour vectors (<see cref="EmbeddingSet"/>), the per-shot annotations
/// (<see cref="ShotAnnotationSet"/>), and the folder models' per-shot outputs (vision), kept so a change elsewhere
/// (motion method, sampling of another flavour) does not run the same models again.
/// </summary>
public static class EmbedFeature
{
    /// <summary>Bump when the embeddings change meaning. The set also stores its fingerprint (another model recomputes).</summary>
    public const string Version = "embed-v3";

    /// <summary>The vision outputs' layout version.</summary>
    public const string VisionVersion = "vision-v2";

    public static string Embeddings(string assetId) => $"assets/{assetId}/embed/{Version}/embeddings.json";
    public static string EmbeddingVectors(string assetId, string flavour) => $"assets/{assetId}/embed/{Version}/{flavour}.f32";
    public static string Annotations(string assetId) => $"assets/{assetId}/embed/{Version}/annotations.json";
    public static string Vision(string assetId) => $"assets/{assetId}/vision/{VisionVersion}/vision.json";

    /// <summary>The text-on-screen feature's layout version.</summary>
    public const string TextVersion = "text-v1";

    public static string Text(string assetId) => $"assets/{assetId}/text/{TextVersion}/text.json";
    public static FeatureRef TextRef(string assetId, string fingerprint) => new(Text(assetId), TextVersion, fingerprint);

    public static FeatureRef Ref(string assetId, string? fingerprint) => new(Embeddings(assetId), Version, fingerprint);
    public static FeatureRef AnnotationsRef(string assetId, string? fingerprint) => new(Annotations(assetId), Version, fingerprint);
    public static FeatureRef VisionRef(string assetId, string fingerprint) => new(Vision(assetId), VisionVersion, fingerprint);
}
