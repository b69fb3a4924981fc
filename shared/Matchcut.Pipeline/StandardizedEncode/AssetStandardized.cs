namespace Matchcut.Pipeline;

/// <summary>The standardized encode exists: the video and its timeline (mapping back to source frames) are in <paramref name="Features"/>.</summary>
public record AssetStandardized(string AssetId, string TitleId, string Profile, FeatureManifest Features) : IFeatureMessage;
