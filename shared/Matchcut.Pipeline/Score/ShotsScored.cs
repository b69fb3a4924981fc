namespace Matchcut.Pipeline;

/// <summary>All pairs of kept shots were scored per flavour and the top K stored; <paramref name="Features"/> adds the matches.</summary>
public record ShotsScored(string AssetId, string TitleId, FeatureManifest Features) : IFeatureMessage;
