namespace Matchcut.Pipeline;

/// <summary>Shots were detected and each materialized as a clip and a keyframe; the shot list is <see cref="FeatureNames.Shots"/> in <paramref name="Features"/>.</summary>
public record ShotsSegmented(string AssetId, string TitleId, int ShotCount, FeatureManifest Features) : IFeatureMessage;
