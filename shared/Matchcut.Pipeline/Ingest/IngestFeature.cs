namespace Matchcut.Pipeline;

/// <summary>Ingest's features: the asset record and the source bytes, stored under the content's asset id.</summary>
public static class IngestFeature
{
    public const string Version = "ingest-v1";

    /// <summary>The features a landing starts with; the fingerprint is the content's SHA-256.</summary>
    public static FeatureManifest Manifest(string assetId, string contentHash) => FeatureManifest.Empty
        .With(FeatureNames.Asset, new FeatureRef(AssetKeys.Asset(assetId), Version, contentHash))
        .With(FeatureNames.Source, new FeatureRef(AssetKeys.Source(assetId), Version, contentHash));
}
