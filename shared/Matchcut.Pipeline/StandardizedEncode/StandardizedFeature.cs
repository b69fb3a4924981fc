namespace Matchcut.Pipeline;

/// <summary>
/// StandardizedEncode's features: the standardized video and its timeline, one pair per profile (the profile name is
/// their version), and the segmentation features of the source from the same decode (versioned by their layout,
/// SegmentationFeatures.Version).
/// </summary>
public static class StandardizedFeature
{
    public static string Video(string assetId, string profile) => $"assets/{assetId}/std/{profile}/video.mp4";
    public static string Timeline(string assetId, string profile) => $"assets/{assetId}/std/{profile}/timeline.json";
    public static string SegmentFeatures(string assetId, string profile, string version) => $"assets/{assetId}/std/{profile}/{version}.segfeat";

    public static FeatureManifest Add(FeatureManifest inputs, string assetId, string profile, string segmentFeaturesVersion) => inputs
        .With(FeatureNames.StdVideo, new FeatureRef(Video(assetId, profile), profile))
        .With(FeatureNames.Timeline, new FeatureRef(Timeline(assetId, profile), profile))
        .With(FeatureNames.SegmentFeatures, new FeatureRef(SegmentFeatures(assetId, profile, segmentFeaturesVersion), segmentFeaturesVersion));
}
