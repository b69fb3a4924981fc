namespace Matchcut.Pipeline;

/// <summary>
/// Near-duplicate, blank and too-short shots were marked dropped; the rest are kept. <paramref name="Features"/> adds the
/// verdicts and, when a neural frame encoder judged them, the frame vectors it computed.
/// </summary>
public record ShotsDeduplicated(string AssetId, string TitleId, int KeptCount, FeatureManifest Features) : IFeatureMessage;
