namespace Matchcut.Pipeline;

/// <summary>
/// Index's feature: the record that an asset's shots are in the vector index (<see cref="IndexedRecord"/>), which also
/// keeps the manifest of every feature they were indexed from; the same manifest is stored for the asset at
/// <see cref="AssetKeys.Features"/>, where the query side finds the asset's shots, matches and embeddings.
/// </summary>
public static class IndexFeature
{
    /// <summary>v3: the record keeps the feature manifest. v2: payload carries the shot's tags and scale.</summary>
    public const string Version = "index-v3";

    public static string Indexed(string assetId) => $"assets/{assetId}/index/{Version}/indexed.json";

    public static FeatureRef Ref(string assetId, string? fingerprint) => new(Indexed(assetId), Version, fingerprint);
}

/// <summary>What Index stored: under which title, how many points, from which embeddings (fingerprint) and features.</summary>
public sealed record IndexedRecord(string TitleId, int Count, DateTimeOffset At, string? Fingerprint, FeatureManifest Features);
