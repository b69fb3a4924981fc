namespace Matchcut.Pipeline;

/// <summary>StandardizedEncode's features: the standardized video and its timeline, one pair per profile; the profile name is the version.</summary>
public static class StandardizedFeature
{
    public static string Video(string assetId, string profile) => $"assets/{assetId}/std/{profile}/video.mp4";
    public static string Timeline(string assetId, string profile) => $"assets/{assetId}/std/{profile}/timeline.json";

    public static FeatureManifest Add(FeatureManifest inputs, string assetId, string profile) => inputs
        .With(FeatureNames.StdVideo, new FeatureRef(Video(assetId, profile), profile))
        .With(FeatureNames.Timeline, new FeatureRef(Timeline(assetId, profile), profile));
}
