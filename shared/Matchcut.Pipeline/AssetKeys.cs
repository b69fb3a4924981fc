namespace Matchcut.Pipeline;

/// <summary>
/// Where the asset-level facts live: the asset record, the landed source, title associations, stage statuses and the
/// asset's final feature manifest. Each stage's own results are keyed by its feature class (e.g. <see cref="SegmentFeature"/>);
/// a stage finds another stage's results only through the manifest its message carries.
/// </summary>
public static class AssetKeys
{
    public static string Asset(string assetId) => $"assets/{assetId}/asset.json";
    public static string Source(string assetId) => $"assets/{assetId}/source";
    public static string Incoming(Guid upload) => $"incoming/{upload:N}";
    public static string TitleOfAsset(string assetId, string titleId) => $"assets/{assetId}/titles/{titleId}.json";
    public static string TitlesOfAssetPrefix(string assetId) => $"assets/{assetId}/titles/";
    public static string AssetOfTitle(string titleId, string assetId) => $"titles/{titleId}/{assetId}.json";
    public static string TitlePrefix(string titleId) => $"titles/{titleId}/";
    public static string Status(string assetId, string stage) => $"assets/{assetId}/status/{stage}.json";

    /// <summary>What a stage's stored result was made from (<see cref="StageInputs"/>).</summary>
    public static string Inputs(string assetId, string stage) => $"assets/{assetId}/inputs/{stage}.json";

    /// <summary>The manifest of the asset's features as the last stage (Index) completed it.</summary>
    public static string Features(string assetId) => $"assets/{assetId}/features.json";
}
